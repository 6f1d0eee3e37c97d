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
