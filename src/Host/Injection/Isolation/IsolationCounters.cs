using System.Collections.Concurrent;
using HookInjector.Abstractions;
using HookInjector.Host.Metrics;

namespace HookInjector.Host.Injection.Isolation;

/// <summary>
/// How often each matcher or mutator failed or overran its budget since the plugin started; each
/// event also reaches <c>hook_injector_source_failures_total</c> when metrics are recorded.
/// </summary>
internal sealed class IsolationCounters(HookInjectorMetrics? metrics = null)
{
    private readonly ConcurrentDictionary<(HookOrigin Origin, CallResult Result), long> counts = new();

    public void Record(HookOrigin origin, CallResult result)
    {
        counts.AddOrUpdate((origin, result), 1, (_, count) => count + 1);
        metrics?.SourceFailed(origin, result);
    }

    public long Count(HookOrigin origin, CallResult result) => counts.TryGetValue((origin, result), out var count) ? count : 0;
}
