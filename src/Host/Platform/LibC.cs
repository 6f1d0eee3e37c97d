using System.Runtime.InteropServices;

namespace HookInjector.Host.Platform;

/// <summary>
/// The two file-system calls .NET does not expose with Go's semantics: <c>access(F_OK)</c>, which
/// is what Go's faccessat check boils down to (follows symlinks, no permission check), and
/// <c>statx</c>, to learn a file's type before opening it (opening a FIFO would block) and to tell a
/// socket from other files. statx is used because its layout, unlike struct stat's, is the same on
/// every architecture.
/// </summary>
internal static class LibC
{
    private const int FileExists = 0;
    private const int AtCurrentDirectory = -100;
    private const uint StatxType = 0x1;
    private const uint StatxSize = 0x200;
    private const int StatxBufferSize = 256;
    private const int StatxModeOffset = 28;
    private const int StatxSizeOffset = 40;

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
    public static int Stat(string path, out UnixFileType kind, out long size)
    {
        kind = UnixFileType.Missing;
        size = 0;
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return Errno.EINVAL;
        }

        var buffer = new byte[StatxBufferSize];
        if (statx(AtCurrentDirectory, path, 0, StatxType | StatxSize, buffer) != 0)
        {
            return Marshal.GetLastPInvokeError();
        }
        var mode = BitConverter.ToUInt16(buffer, StatxModeOffset);
        size = BitConverter.ToInt64(buffer, StatxSizeOffset);
        kind = (UnixFileType)(mode & 0xF000);
        return 0;
    }

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int access([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int statx(int directoryFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
}
