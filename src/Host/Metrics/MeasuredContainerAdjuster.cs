using System.Diagnostics;
using HookInjector.Host.Injection;
using HookInjector.Host.Metrics.Health;
using HookInjector.Host.Nri.Api;

namespace HookInjector.Host.Metrics;

/// <summary>
/// Counts and times every CreateContainer decision, whether it succeeds or fails the container, and
/// reports it in progress to the liveness check, which fails while one runs far past its time.
/// </summary>
internal sealed class MeasuredContainerAdjuster(IContainerAdjuster inner, HookInjectorMetrics metrics) : IContainerAdjuster
{
    public async ValueTask<ContainerAdjustment?> AdjustAsync(PodSandbox pod, Container container, CancellationToken cancellationToken)
    {
        metrics.ContainerSeen();
        using var running = metrics.Health.Begin($"CreateContainer {pod.Namespace}/{pod.Name}/{container.Name}", PluginHealth.CreateContainerLimit);
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await inner.AdjustAsync(pod, container, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            metrics.CreateContainerHandled(Stopwatch.GetElapsedTime(started));
        }
    }
}
