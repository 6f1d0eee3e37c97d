namespace HookInjector.Host.Platform;

/// <summary>
/// A file <see cref="SafeFile"/> would not or could not read. The message names the path and the
/// reason; <see cref="Reason"/> and <see cref="Detail"/> let a caller word it its own way (hooks.d
/// errors are worded as Go's os.ReadFile reports them).
/// </summary>
internal sealed class UnreadableFileException : IOException
{
    public UnreadableFileException(string path, UnreadableFileReason reason, string detail, Exception? inner = null)
        : base($"{path}: {detail}", inner)
    {
        Path = path;
        Reason = reason;
        Detail = detail;
    }

    public string Path { get; }

    public UnreadableFileReason Reason { get; }

    /// <summary>The reason without the path, e.g. "permission denied".</summary>
    public string Detail { get; }
}
