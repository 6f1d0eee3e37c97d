namespace HookInjector.Benchmarks.GoRegex;

/// <summary>
/// The worst inputs for the patterns of <see cref="PathologicalPatternBenchmarks"/>: each almost
/// matches everywhere and never does. bench/regex-go/main.go builds the same strings.
/// </summary>
internal static class PathologicalInputs
{
    public static string For(string pattern, int length) => pattern switch
    {
        // A fixed pseudo-random a/b string: every 'a' may start the 21-character tail.
        "[ab]*a[ab]{20}c" => new string([.. Enumerable.Range(0, length).Select(static i => ((i * 7919) % 13) < 7 ? 'a' : 'b')]),
        "(a*)*b" => new string('a', length),
        "(x+x+)+y" => new string('x', length),
        "(?:a[a-z]{9}){100}b" => new string([.. Enumerable.Range(0, length).Select(static i => i % 10 == 0 ? 'a' : 'q')]),
        _ => new string([.. Enumerable.Range(0, length).Select(static i => i % 31 == 30 ? 'é' : '-')]),
    };
}
