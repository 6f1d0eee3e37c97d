namespace HookInjector.Abstractions;

/// <summary>A read-only view of the pod a container belongs to.</summary>
public sealed class PodInfo
{
    /// <summary>The pod's name.</summary>
    public required string Name { get; init; }

    /// <summary>The pod's Kubernetes namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The pod's UID.</summary>
    public string Uid { get; init; } = "";

    /// <summary>The pod's labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = EmptyMap.Instance;

    /// <summary>The pod's annotations.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = EmptyMap.Instance;

    /// <summary>The runtime handler the pod runs with (its RuntimeClass's handler); empty for the default.</summary>
    public string RuntimeHandler { get; init; } = "";
}
