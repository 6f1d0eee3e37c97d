using BenchmarkDotNet.Jobs;

namespace HookInjector.Benchmarks;

/// <summary>
/// Percentiles from a short job: the decision-path benchmarks have many cases and run on shared
/// build machines, so ten measured iterations after three warm-ups keep a full run to minutes.
/// </summary>
public sealed class ShortPercentilesConfig : PercentilesConfig
{
    public ShortPercentilesConfig() => AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10));
}
