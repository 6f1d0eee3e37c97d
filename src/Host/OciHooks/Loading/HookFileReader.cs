using HookInjector.Host.Platform;

namespace HookInjector.Host.OciHooks.Loading;

/// <summary>
/// Reads one hook file, following symlinks. A path that no longer exists (dangling symlink, file
/// removed since the directory was listed) is "gone", which the caller skips silently, as Go does.
/// Unlike Go, the file type is checked before opening: a FIFO would block Go's read forever, and a
/// device could be endless, so anything but a regular file is an error. Files over the size cap
/// are errors too (Go has no cap).
/// </summary>
internal static class HookFileReader
{
    public static HookFileContent Read(string path, int maxBytes)
    {
        var errno = LibC.Stat(path, out var kind, out var size);
        if (errno == Errno.ENOENT)
        {
            return HookFileContent.Gone;
        }
        if (errno != 0)
        {
            return HookFileContent.Failed(path, $"open {path}: {Errno.Describe(errno)}");
        }

        switch (kind)
        {
            case UnixFileType.Directory:
                return HookFileContent.Failed(path, $"read {path}: is a directory");
            case not UnixFileType.RegularFile:
                return HookFileContent.Failed(path, $"read {path}: not a regular file (FIFO, socket or device); refusing to read it");
        }
        if (size > maxBytes)
        {
            return TooLarge(path, maxBytes);
        }
        return ReadBytes(path, size, maxBytes);
    }

    private static HookFileContent ReadBytes(string path, long expectedSize, int maxBytes)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            // One byte past the expected size reveals a file that grew since it was measured.
            var buffer = new byte[(int)Math.Min(expectedSize, maxBytes) + 1];
            var total = 0;
            int read;
            while ((read = RandomAccess.Read(handle, buffer.AsSpan(total), total)) > 0)
            {
                total += read;
                if (total == buffer.Length)
                {
                    if (total > maxBytes)
                    {
                        return TooLarge(path, maxBytes);
                    }
                    Array.Resize(ref buffer, (int)Math.Min(2L * buffer.Length, maxBytes + 1L));
                }
            }
            return HookFileContent.Read(buffer.AsMemory(0, total));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return HookFileContent.Gone;
        }
        catch (UnauthorizedAccessException)
        {
            // .NET's name for EACCES/EPERM on open; worded as Go's os.ReadFile reports it.
            return HookFileContent.Failed(path, $"open {path}: permission denied");
        }
        catch (IOException e)
        {
            return HookFileContent.Failed(path, $"read {path}: {e.Message}");
        }
    }

    private static HookFileContent TooLarge(string path, int maxBytes) =>
        HookFileContent.Failed(path, $"read {path}: file is larger than the {maxBytes}-byte limit for hook files");
}
