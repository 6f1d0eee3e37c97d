namespace HookInjector.Abstractions;

/// <summary>One mount of a container, as in its OCI spec.</summary>
public sealed class MountInfo
{
    /// <summary>Where the mount appears inside the container.</summary>
    public required string Destination { get; init; }

    /// <summary>The mount type, for example <c>bind</c>, <c>proc</c> or <c>tmpfs</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The mount source, for a bind mount a path on the node.</summary>
    public required string Source { get; init; }

    /// <summary>Mount options, for example <c>rbind</c>, <c>ro</c>.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];
}
