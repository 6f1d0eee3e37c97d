using BenchmarkDotNet.Attributes;
using HookInjector.Host.GoRegex;

namespace HookInjector.Benchmarks.Selection;

/// <summary>
/// One anchored literal key pattern tried against one annotation key: the cost of the literal
/// strategy that most hook patterns take. (Selection itself now looks such keys up in the
/// container's annotations rather than trying the pattern on each of them.)
/// </summary>
[Config(typeof(ShortPercentilesConfig))]
[MemoryDiagnoser]
public class AnnotationPatternBenchmarks
{
    private readonly GoRegexp key = GoRegexp.Compile(@"^example\.com/hook-42$");

    [Benchmark(Baseline = true)]
    public bool KeyDiffersAtFirstCharacter() => this.key.IsMatch("io.kubernetes.cri.sandbox-namespace");

    [Benchmark]
    public bool KeyDiffersAtLastCharacter() => this.key.IsMatch("example.com/hook-43");

    [Benchmark]
    public bool KeyMatches() => this.key.IsMatch("example.com/hook-42");
}
