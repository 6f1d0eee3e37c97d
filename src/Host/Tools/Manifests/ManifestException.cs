using HookInjector.Host.Yaml;

namespace HookInjector.Host.Tools.Manifests;

/// <summary>
/// A manifest that cannot be explained: not YAML, not a pod, or missing what a pod needs; with
/// every mistake at its position, or one message about the whole file.
/// </summary>
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

    public ManifestException(IReadOnlyList<FieldError> errors)
        : base(string.Join("\n", errors.Select(error => $"{error.Position.Line}:{error.Position.Column}: {error.Message}")))
    {
        Errors = errors;
    }

    /// <summary>The mistakes in the order of the file; empty when the message is about the whole file.</summary>
    public IReadOnlyList<FieldError> Errors { get; } = [];
}
