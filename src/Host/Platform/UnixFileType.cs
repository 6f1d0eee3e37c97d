namespace HookInjector.Host.Platform;

/// <summary>The type bits of a Unix file mode (S_IFMT); Missing when nothing could be examined.</summary>
internal enum UnixFileType
{
    Missing = 0,
    Fifo = 0x1000,
    CharacterDevice = 0x2000,
    Directory = 0x4000,
    BlockDevice = 0x6000,
    RegularFile = 0x8000,
    SymbolicLink = 0xA000,
    Socket = 0xC000,
}

/// <summary>How messages name a file type.</summary>
internal static class UnixFileTypeNames
{
    public static string Describe(this UnixFileType kind) => kind switch
    {
        UnixFileType.Fifo => "FIFO",
        UnixFileType.Socket => "socket",
        UnixFileType.CharacterDevice => "character device",
        UnixFileType.BlockDevice => "block device",
        UnixFileType.SymbolicLink => "symbolic link",
        UnixFileType.Directory => "directory",
        UnixFileType.RegularFile => "regular file",
        _ => $"file type 0x{(int)kind:x}",
    };
}
