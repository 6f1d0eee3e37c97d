using HookInjector.Host.Nri.Api;

namespace HookInjector.Host.Injection;

/// <summary>
/// The plugin's one decision: what to change in a container the runtime is about to create.
/// The transport and the NRI lifecycle know nothing else about hooks.
/// </summary>
internal interface IContainerAdjuster
{
    /// <summary>
    /// Returns the adjustment for the container, or null when nothing is to change.
    /// Throwing makes the runtime fail the container's creation with the exception's message.
    /// </summary>
    ValueTask<ContainerAdjustment?> AdjustAsync(PodSandbox pod, Container container, CancellationToken cancellationToken);
}
