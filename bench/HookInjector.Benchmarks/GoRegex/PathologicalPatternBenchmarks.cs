using BenchmarkDotNet.Attributes;
using HookInjector.Host.GoRegex;

namespace HookInjector.Benchmarks.GoRegex;

/// <summary>
/// Patterns that are exponential for a backtracking engine or blow up a DFA, searched in a 100 KB
/// annotation value (Kubernetes caps all of a pod's annotations at 256 KB). The same patterns and
/// inputs are timed for Go's regexp by bench/regex-go, so both can be compared on one machine.
/// </summary>
[Config(typeof(ShortPercentilesConfig))]
[MemoryDiagnoser]
public class PathologicalPatternBenchmarks
{
    private GoRegexp pattern = null!;
    private string input = null!;

    [Params("[ab]*a[ab]{20}c", "(a*)*b", "(x+x+)+y", "(?:a[a-z]{9}){100}b", @"(\pL|\d)*[^\pL\d]{30}!")]
    public string Pattern { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        pattern = GoRegexp.Compile(Pattern);
        input = PathologicalInputs.For(Pattern, 100 * 1024);
    }

    [Benchmark]
    public bool IsMatch() => pattern.IsMatch(input);
}
