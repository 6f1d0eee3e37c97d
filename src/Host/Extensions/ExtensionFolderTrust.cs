using HookInjector.Host.Platform;

namespace HookInjector.Host.Extensions;

/// <summary>
/// Whether an extension folder may be loaded into the plugin, which runs as root: the folder and
/// the directories above it, and every file and directory inside it, must pass
/// <see cref="FileTrust"/>, since the loader may pick any of them (dependencies, deps.json,
/// runtimes/…). The walk does not enter symlinked directories (a symlink is judged by where it
/// leads, but a pair pointing at an ancestor would make the walk endless) and stops at
/// <see cref="MaxEntries"/>: an extension with more files is refused rather than walked for good.
/// </summary>
internal static class ExtensionFolderTrust
{
    public const int MaxEntries = 10_000;

    /// <summary>Null when the folder can be trusted, otherwise why not.</summary>
    public static string? Check(FileTrust trust, string folder)
    {
        if (trust.CheckFile(folder) is { } reason)
        {
            return reason;
        }
        var pending = new Stack<DirectoryInfo>([new DirectoryInfo(folder)]);
        var seen = 0;
        try
        {
            while (pending.TryPop(out var directory))
            {
                foreach (var entry in directory.EnumerateFileSystemInfos())
                {
                    if (++seen > MaxEntries)
                    {
                        return $"{folder} holds more than {MaxEntries} files and directories";
                    }
                    if (trust.CheckEntry(entry.FullName) is { } entryReason)
                    {
                        return entryReason;
                    }
                    if (entry is DirectoryInfo subdirectory && entry.LinkTarget is null)
                    {
                        pending.Push(subdirectory);
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{folder} cannot be examined: {e.Message}";
        }
        return null;
    }
}
