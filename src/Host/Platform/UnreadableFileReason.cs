namespace HookInjector.Host.Platform;

/// <summary>Why <see cref="SafeFile"/> did not read a file.</summary>
internal enum UnreadableFileReason
{
    /// <summary>open(2) or examining the path failed (permission denied, symlink loop, ...).</summary>
    OpenFailed,

    /// <summary>The last path component is a symlink and the caller asked not to follow one.</summary>
    SymbolicLink,

    Directory,

    /// <summary>A FIFO, socket or device: reading one could block for good or never end.</summary>
    NotRegularFile,

    TooLarge,

    /// <summary>The file opened but reading it failed (an I/O error).</summary>
    ReadFailed,
}
