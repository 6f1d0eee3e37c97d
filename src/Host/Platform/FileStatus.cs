namespace HookInjector.Host.Platform;

/// <summary>What the trust checks need to know of a file: its type, its permission bits (07777) and its owner's uid.</summary>
internal readonly record struct FileStatus(UnixFileType Kind, uint Permissions, uint Owner);
