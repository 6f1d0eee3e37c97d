using BenchmarkDotNet.Attributes;
using HookInjector.Host.GoRegex;

namespace HookInjector.Benchmarks.Selection;

/// <summary>
/// The unit of hooks.d annotation matching: one anchored key pattern tried against one annotation
/// key. Selection makes this call once per annotation of the container for every annotation
/// condition of every hook, so its cost times that count bounds selection from below.
/// </summary>
[Config(typeof(ShortPercentilesConfig))]
[MemoryDiagnoser]
public class AnnotationPatternBenchmarks
{
    private readonly GoRegexp _key = GoRegexp.Compile(@"^example\.com/hook-42$");

    [Benchmark(Baseline = true)]
    public bool KeyDiffersAtFirstCharacter() => _key.IsMatch("io.kubernetes.cri.sandbox-namespace");

    [Benchmark]
    public bool KeyDiffersAtLastCharacter() => _key.IsMatch("example.com/hook-43");

    [Benchmark]
    public bool KeyMatches() => _key.IsMatch("example.com/hook-42");
}
