using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace HookInjector.Host.Platform;

/// <summary>
/// Reads a file the plugin does not control. The plugin runs as root, so a hostile or careless
/// file in a watched folder must neither hang a load nor exhaust memory: a FIFO would block
/// open(2) and read(2) forever, a character device can be endless (/dev/zero), and a huge or
/// growing file would be read whole. Only regular files up to a size cap are read.
/// <para>
/// The decisive check is made on the opened descriptor (statx with AT_EMPTY_PATH), so a file
/// swapped between looking and opening is still caught; O_NONBLOCK makes opening a FIFO return at
/// once instead of waiting for a writer. The path is also examined before opening, because merely
/// opening some device nodes as root acts (a watchdog arms, a tape rewinds); that look is an
/// optimisation for the honest case, not the guarantee.
/// </para>
/// </summary>
internal static class SafeFile
{
    private const int ReadOnly = 0;
    private const int NonBlocking = 0x800;
    private const int CloseOnExec = 0x80000;
    private const int GrowthStep = 4096;

    /// <summary>O_NOFOLLOW is one of the few open flags whose value differs between Linux architectures.</summary>
    private static readonly int NoFollow =
        RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    /// <summary>
    /// The whole content of a regular file of at most <paramref name="maxBytes"/> bytes. With
    /// <paramref name="noFollow"/>, a path whose last component is a symlink is refused.
    /// </summary>
    /// <exception cref="FileNotFoundException">The path does not exist (ENOENT).</exception>
    /// <exception cref="UnreadableFileException">Anything else: not a regular file, too large, permission denied, ...</exception>
    public static byte[] ReadAllBytes(string path, int maxBytes, bool noFollow = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        using var handle = Open(path, maxBytes, noFollow, out var size);
        return ReadWhole(handle, path, size, maxBytes);
    }

    /// <summary>
    /// An open read-only descriptor of a regular file that was at most <paramref name="maxBytes"/>
    /// bytes when opened, for a caller that needs a stream. The file can still grow afterwards:
    /// the caller must stop reading at its own cap.
    /// </summary>
    /// <exception cref="FileNotFoundException">The path does not exist (ENOENT).</exception>
    /// <exception cref="UnreadableFileException">Anything else: not a regular file, too large, permission denied, ...</exception>
    public static SafeFileHandle OpenRegular(string path, long maxBytes, bool noFollow = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        return Open(path, maxBytes, noFollow, out _);
    }

    private static SafeFileHandle Open(string path, long maxBytes, bool noFollow, out long size)
    {
        var errno = LibC.Stat(path, followSymlinks: !noFollow, out var kind, out size);
        if (errno != 0)
        {
            throw OpenFailed(path, errno, noFollow);
        }
        if (kind == UnixFileType.SymbolicLink)
        {
            throw new UnreadableFileException(path, UnreadableFileReason.SymbolicLink, "is a symbolic link");
        }
        EnsureReadable(path, kind, size, maxBytes);

        var handle = LibC.Open(path, ReadOnly | NonBlocking | CloseOnExec | (noFollow ? NoFollow : 0), out errno);
        try
        {
            if (handle.IsInvalid)
            {
                throw OpenFailed(path, errno, noFollow);
            }
            errno = LibC.Stat(handle, out kind, out size);
            if (errno != 0)
            {
                throw new UnreadableFileException(path, UnreadableFileReason.OpenFailed, Errno.Describe(errno));
            }
            EnsureReadable(path, kind, size, maxBytes);
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static void EnsureReadable(string path, UnixFileType kind, long size, long maxBytes)
    {
        switch (kind)
        {
            case UnixFileType.Directory:
                throw new UnreadableFileException(path, UnreadableFileReason.Directory, "is a directory");
            case not UnixFileType.RegularFile:
                throw new UnreadableFileException(path, UnreadableFileReason.NotRegularFile, $"not a regular file ({Describe(kind)}); refusing to read it");
        }
        if (size > maxBytes)
        {
            throw TooLarge(path, maxBytes);
        }
    }

    private static Exception OpenFailed(string path, int errno, bool noFollow) => errno switch
    {
        Errno.ENOENT => new FileNotFoundException($"{path}: {Errno.Describe(errno)}", path),
        // With O_NOFOLLOW, ELOOP is how open(2) says the last component is a symlink.
        Errno.ELOOP when noFollow => new UnreadableFileException(path, UnreadableFileReason.SymbolicLink, "is a symbolic link"),
        // A socket (or a device without a driver) that replaced the file after it was examined.
        Errno.ENXIO => new UnreadableFileException(path, UnreadableFileReason.NotRegularFile, "not a regular file (socket or device); refusing to read it"),
        _ => new UnreadableFileException(path, UnreadableFileReason.OpenFailed, Errno.Describe(errno)),
    };

    private static UnreadableFileException TooLarge(string path, long maxBytes) =>
        new(path, UnreadableFileReason.TooLarge, $"larger than the {maxBytes}-byte limit");

    private static byte[] ReadWhole(SafeFileHandle handle, string path, long expectedSize, int maxBytes)
    {
        // Sized as measured, so the usual file is read into its final array without a copy.
        var buffer = new byte[(int)Math.Min(expectedSize, maxBytes)];
        Span<byte> probe = stackalloc byte[1];
        var total = 0;
        try
        {
            while (true)
            {
                if (total == buffer.Length)
                {
                    // Full at the measured size: one byte more means the file grew since then.
                    if (RandomAccess.Read(handle, probe, total) == 0)
                    {
                        return buffer;
                    }
                    if (total >= maxBytes)
                    {
                        throw TooLarge(path, maxBytes);
                    }
                    Array.Resize(ref buffer, (int)Math.Min(Math.Max(2L * buffer.Length, GrowthStep), maxBytes));
                    buffer[total++] = probe[0];
                    continue;
                }
                var read = RandomAccess.Read(handle, buffer.AsSpan(total), total);
                if (read == 0)
                {
                    // Shrunk since it was measured.
                    return buffer.AsSpan(0, total).ToArray();
                }
                total += read;
            }
        }
        catch (IOException e) when (e is not UnreadableFileException)
        {
            throw new UnreadableFileException(path, UnreadableFileReason.ReadFailed, e.Message, e);
        }
    }

    private static string Describe(UnixFileType kind) => kind switch
    {
        UnixFileType.Fifo => "FIFO",
        UnixFileType.Socket => "socket",
        UnixFileType.CharacterDevice => "character device",
        UnixFileType.BlockDevice => "block device",
        UnixFileType.SymbolicLink => "symbolic link",
        _ => $"file type 0x{(int)kind:x}",
    };
}
