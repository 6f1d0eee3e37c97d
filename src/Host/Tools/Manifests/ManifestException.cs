using HookInjector.Host.Yaml;

namespace HookInjector.Host.Tools.Manifests;

/// <summary>A manifest that cannot be explained: not YAML, not a pod, or missing what a pod needs; with the position when known.</summary>
internal sealed class ManifestException : Exception
{
    public ManifestException()
    {
    }

    public ManifestException(string message)
        : base(message)
    {
    }

    public ManifestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ManifestException(SourcePosition position, string message)
        : base(message)
    {
        Position = position;
    }

    public SourcePosition? Position { get; }
}
