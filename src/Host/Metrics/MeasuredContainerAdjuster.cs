using System.Diagnostics;
using HookInjector.Host.Injection;
using HookInjector.Host.Nri.Api;

namespace HookInjector.Host.Metrics;

/// <summary>Counts and times every CreateContainer decision, whether it succeeds or fails the container.</summary>
internal sealed class MeasuredContainerAdjuster(IContainerAdjuster inner, HookInjectorMetrics metrics) : IContainerAdjuster
{
    public async ValueTask<ContainerAdjustment?> AdjustAsync(PodSandbox pod, Container container, CancellationToken cancellationToken)
    {
        metrics.ContainerSeen();
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
