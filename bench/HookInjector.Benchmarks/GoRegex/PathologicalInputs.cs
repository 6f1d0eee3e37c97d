namespace HookInjector.Benchmarks.GoRegex;

/// <summary>
/// The worst inputs for the patterns of <see cref="PathologicalPatternBenchmarks"/>: each almost
/// matches everywhere and never does. bench/regex-go/main.go builds the same strings.
/// </summary>
internal static class PathologicalInputs
{
    public static string For(string pattern, int length) => pattern switch
    {
        // A pseudo-random a/b string (xorshift32, as main.go computes it): every 'a' may start the
        // 21-character tail, and no period keeps the DFA small.
        "[ab]*a[ab]{20}c" => RandomAb(length),
        "(a*)*b" => new string('a', length),
        "(x+x+)+y" => new string('x', length),
        "(?:a[a-z]{9}){100}b" => new string([.. Enumerable.Range(0, length).Select(static i => i % 10 == 0 ? 'a' : 'q')]),
        _ => new string([.. Enumerable.Range(0, length).Select(static i => i % 31 == 30 ? 'é' : '-')]),
    };

    private static string RandomAb(int length)
    {
        var text = new char[length];
        var state = 2463534242u;
        for (var i = 0; i < length; i++)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            text[i] = (state & 1) == 0 ? 'a' : 'b';
        }

        return new string(text);
    }
}
