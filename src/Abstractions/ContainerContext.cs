namespace HookInjector.Abstractions;

/// <summary>Everything a matcher or mutator may look at: the container being created and its pod.</summary>
public sealed class ContainerContext
{
    /// <summary>The pod.</summary>
    public required PodInfo Pod { get; init; }

    /// <summary>The container.</summary>
    public required ContainerInfo Container { get; init; }
}
