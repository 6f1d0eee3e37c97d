using Google.Protobuf;
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
    /// <param name="request">The CreateContainer request as the runtime encoded it, when the pod and container come from one.</param>
    ValueTask<ContainerAdjustment?> AdjustAsync(PodSandbox pod, Container container, ByteString? request, CancellationToken cancellationToken);
}
