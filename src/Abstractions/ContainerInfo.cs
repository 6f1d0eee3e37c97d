namespace HookInjector.Abstractions;

/// <summary>A read-only view of the container being created.</summary>
public sealed class ContainerInfo
{
    /// <summary>The container's name within its pod.</summary>
    public required string Name { get; init; }

    /// <summary>The process arguments (OCI <c>process.args</c>): the command first.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>The process environment as <c>KEY=value</c> entries.</summary>
    public IReadOnlyList<string> Env { get; init; } = [];

    /// <summary>The container's annotations (OCI spec annotations).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = EmptyMap.Instance;

    /// <summary>The container's labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = EmptyMap.Instance;

    /// <summary>The container's mounts, including those the runtime adds itself.</summary>
    public IReadOnlyList<MountInfo> Mounts { get; init; } = [];
}
