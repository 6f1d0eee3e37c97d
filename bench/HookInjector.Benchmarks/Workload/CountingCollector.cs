using HookInjector.Abstractions;

namespace HookInjector.Benchmarks.Workload;

/// <summary>Counts the hooks offered, so a benchmark that calls matchers directly measures them and not a plan.</summary>
internal sealed class CountingCollector : IHookCollector
{
    public int Count { get; set; }

    public void Add(HookStage stage, OciHook hook) => Count++;
}
