using System.Runtime.InteropServices;

namespace HookInjector.Host.Platform;

/// <summary>
/// File facts .NET does not expose: whether a path is a socket, and access(2) checks.
/// statx is used because its layout, unlike struct stat, is the same on every architecture.
/// </summary>
internal static partial class UnixFileSystem
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28;
    private const int StatxSize = 256;

    private const int ENOENT = 2;
    private const int ENOTDIR = 20;

    /// <summary>
    /// The type of the file a path names, following symbolic links; Missing when nothing is there.
    /// </summary>
    /// <exception cref="IOException">The path exists but cannot be examined (for example, permission denied).</exception>
    public static unsafe UnixFileType GetFileType(string path)
    {
        var buffer = stackalloc byte[StatxSize];
        if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is ENOENT or ENOTDIR
                ? UnixFileType.Missing
                : throw new IOException($"cannot examine {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        var mode = *(ushort*)(buffer + StatxModeOffset);
        return (UnixFileType)(mode & 0xF000);
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int Statx(int directoryFd, string path, int flags, uint mask, byte* result);
}
