using HookInjector.Host.Platform;

namespace HookInjector.Host.OciHooks.Loading;

/// <summary>
/// Reads one hook file, following symlinks, through <see cref="SafeFile"/>. A path that no longer
/// exists (dangling symlink, file removed since the directory was listed) is "gone", which the
/// caller skips silently, as Go does. Unlike Go, anything but a regular file is an error (a FIFO
/// would block Go's read forever, and a device could be endless), and so are files over the size
/// cap (Go has no cap). Errors are worded as Go's os.ReadFile words them.
/// </summary>
internal static class HookFileReader
{
    public static HookFileContent Read(string path, int maxBytes)
    {
        try
        {
            return HookFileContent.Read(SafeFile.ReadAllBytes(path, maxBytes));
        }
        catch (FileNotFoundException)
        {
            return HookFileContent.Gone;
        }
        catch (UnreadableFileException e)
        {
            return HookFileContent.Failed(path, e.Reason switch
            {
                UnreadableFileReason.OpenFailed => $"open {path}: {e.Detail}",
                UnreadableFileReason.NotRegularFile => $"read {path}: not a regular file (FIFO, socket or device); refusing to read it",
                UnreadableFileReason.TooLarge => $"read {path}: file is larger than the {maxBytes}-byte limit for hook files",
                _ => $"read {path}: {e.Detail}",
            });
        }
    }
}
