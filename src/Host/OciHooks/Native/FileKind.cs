namespace HookInjector.Host.OciHooks.Native;

/// <summary>What a path names once symlinks are followed.</summary>
internal enum FileKind
{
    RegularFile,
    Directory,

    /// <summary>FIFO, socket or device: reading one could block or never end.</summary>
    Other,
}
