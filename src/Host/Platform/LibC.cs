using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace HookInjector.Host.Platform;

/// <summary>
/// The file-system calls .NET does not expose with the semantics needed: <c>access(F_OK)</c>, which
/// is what Go's faccessat check boils down to (follows symlinks, no permission check);
/// <c>statx</c>, to learn a file's type before opening it (opening a FIFO would block) and to tell a
/// socket from other files, or the type of an already opened descriptor; and <c>open</c> with
/// flags .NET does not pass (O_NONBLOCK, O_NOFOLLOW). statx is used because its layout, unlike
/// struct stat's, is the same on every architecture. For <see cref="FileTrust"/> and the script
/// cache also a file's owner and permission bits, the effective uid, realpath and an exclusive
/// create that never follows a symlink.
/// </summary>
internal static class LibC
{
    private const int FileExists = 0;
    private const int AtCurrentDirectory = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1;
    private const uint StatxSize = 0x200;
    private const int StatxBufferSize = 256;
    private const int StatxModeOffset = 28;
    private const int StatxSizeOffset = 40;
    private const uint StatxMode = 0x2;
    private const uint StatxOwner = 0x8;
    private const int StatxOwnerOffset = 20;
    private const uint StatxLinkCount = 0x4;
    private const int StatxLinkCountOffset = 16;

    // O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW; only O_NOFOLLOW differs between architectures.
    private static readonly int CreateNewForWriting = 0x1 | 0x40 | 0x80 | 0x80000
        | (RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000);

    /// <summary>0 when the path exists (following symlinks), otherwise the errno.</summary>
    public static int Access(string path)
    {
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return Errno.EINVAL;
        }
        return access(path, FileExists) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>The file type (S_IFMT) and size of a path, following symlinks; 0 or the errno.</summary>
    public static int Stat(string path, out UnixFileType kind, out long size) => Stat(path, followSymlinks: true, out kind, out size);

    /// <summary>The file type (S_IFMT) and size of a path, or of the symlink itself; 0 or the errno.</summary>
    public static int Stat(string path, bool followSymlinks, out UnixFileType kind, out long size)
    {
        kind = UnixFileType.Missing;
        size = 0;
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return Errno.EINVAL;
        }
        return Statx(AtCurrentDirectory, path, followSymlinks ? 0 : AtSymlinkNoFollow, out kind, out size);
    }

    /// <summary>The file type and size of what an open descriptor refers to; 0 or the errno.</summary>
    public static int Stat(SafeHandle opened, out UnixFileType kind, out long size)
    {
        (var errno, kind, size) = OnDescriptor(opened, fd => (Statx(fd, "", AtEmptyPath, out var type, out var length), type, length));
        return errno;
    }

    /// <summary>open(2) with <paramref name="flags"/> as given (no mode: never creates); the descriptor, or invalid and the errno.</summary>
    public static SafeFileHandle Open(string path, int flags, out int errno)
    {
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            errno = Errno.EINVAL;
            return new SafeFileHandle(-1, ownsHandle: true);
        }
        var fd = open(path, flags);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    private static int Statx(int directoryFd, string path, int flags, out UnixFileType kind, out long size)
    {
        kind = UnixFileType.Missing;
        size = 0;
        var buffer = new byte[StatxBufferSize];
        if (statx(directoryFd, path, flags, StatxType | StatxSize, buffer) != 0)
        {
            return Marshal.GetLastPInvokeError();
        }
        var mode = BitConverter.ToUInt16(buffer, StatxModeOffset);
        size = BitConverter.ToInt64(buffer, StatxSizeOffset);
        kind = (UnixFileType)(mode & 0xF000);
        return 0;
    }

    /// <summary>Type, permission bits and owner of a path, or of a symlink itself; 0 or the errno.</summary>
    public static int Status(string path, bool followSymlinks, out FileStatus status)
    {
        status = default;
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return Errno.EINVAL;
        }
        var buffer = new byte[StatxBufferSize];
        if (statx(AtCurrentDirectory, path, followSymlinks ? 0 : AtSymlinkNoFollow, StatxType | StatxMode | StatxOwner, buffer) != 0)
        {
            return Marshal.GetLastPInvokeError();
        }
        var mode = BitConverter.ToUInt16(buffer, StatxModeOffset);
        status = new FileStatus((UnixFileType)(mode & 0xF000), mode & 0xFFFu, BitConverter.ToUInt32(buffer, StatxOwnerOffset));
        return 0;
    }

    /// <summary>O_PATH | O_CLOEXEC: a descriptor that only names a file or directory, for <see cref="LinkCount"/>; the same on every architecture.</summary>
    public const int OpenPathOnly = 0x200000 | 0x80000;

    /// <summary>The link count of what an open descriptor refers to, or 0 when it cannot be read.</summary>
    public static long LinkCount(SafeHandle opened) => OnDescriptor(opened, fd =>
    {
        var buffer = new byte[StatxBufferSize];
        return statx(fd, "", AtEmptyPath, StatxLinkCount, buffer) == 0 ? BitConverter.ToUInt32(buffer, StatxLinkCountOffset) : 0L;
    });

    /// <summary>Calls <paramref name="call"/> with the descriptor of <paramref name="opened"/>, which cannot be closed meanwhile.</summary>
    private static T OnDescriptor<T>(SafeHandle opened, Func<int, T> call)
    {
        var added = false;
        try
        {
            opened.DangerousAddRef(ref added);
            return call((int)opened.DangerousGetHandle());
        }
        finally
        {
            if (added)
            {
                opened.DangerousRelease();
            }
        }
    }

    /// <summary>The uid whose files this process trusts as its own.</summary>
    public static uint EffectiveUserId() => geteuid();

    /// <summary>The absolute path with every symlink, "." and ".." resolved (realpath(3)); 0 or the errno.</summary>
    public static int RealPath(string path, out string resolved)
    {
        resolved = "";
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return Errno.EINVAL;
        }
        var buffer = realpath(path, IntPtr.Zero);
        if (buffer == IntPtr.Zero)
        {
            return Marshal.GetLastPInvokeError();
        }
        try
        {
            resolved = Marshal.PtrToStringUTF8(buffer) ?? "";
            return 0;
        }
        finally
        {
            free(buffer);
        }
    }

    /// <summary>
    /// Creates a new file that no one else can have prepared: O_CREAT|O_EXCL|O_NOFOLLOW fails on
    /// anything already at <paramref name="path"/>, a planted symlink included, instead of writing
    /// through it. The descriptor (invalid on failure) and the errno.
    /// </summary>
    public static SafeFileHandle CreateExclusive(string path, UnixFileMode mode, out int errno)
    {
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            errno = Errno.EINVAL;
            return new SafeFileHandle(-1, ownsHandle: true);
        }
        var fd = create(path, CreateNewForWriting, (uint)mode);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int access([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int statx(int directoryFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint geteuid();

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern IntPtr realpath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

    [DllImport("libc")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern void free(IntPtr buffer);

    // open(2) with the mode argument a created file needs.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int create([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mode);
}
