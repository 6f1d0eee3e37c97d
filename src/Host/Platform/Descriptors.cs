using System.Runtime.InteropServices;

namespace HookInjector.Host.Platform;

/// <summary>
/// The descriptor calls a child process needs that .NET does not expose: a connected socket pair and
/// a memory file, created close-on-exec, and an inheritable duplicate of one for the child, which the
/// parent closes once the child has started. .NET opens every descriptor of its own close-on-exec, so
/// the duplicate is the only one a child started meanwhile inherits.
/// </summary>
internal static class Descriptors
{
    private const int UnixDomain = 1;
    private const int Stream = 1;
    private const int SocketCloseOnExec = 0x80000;
    private const uint MemoryFileCloseOnExec = 1;
    private const int DuplicateFrom = 0;
    private const int SetFlags = 2;
    private const int CloseOnExecFlag = 1;
    private const int LowestForChild = 3;

    /// <summary>Two connected stream sockets, both close-on-exec.</summary>
    public static (int Parent, int Child) SocketPair()
    {
        var fds = new int[2];
        if (socketpair(UnixDomain, Stream | SocketCloseOnExec, 0, fds) != 0)
        {
            throw Failure("socketpair");
        }
        return (fds[0], fds[1]);
    }

    /// <summary>An anonymous memory file of <paramref name="size"/> bytes, close-on-exec.</summary>
    public static int MemoryFile(string name, long size)
    {
        var fd = memfd_create(name, MemoryFileCloseOnExec);
        if (fd < 0)
        {
            throw Failure("memfd_create");
        }
        if (ftruncate(fd, size) != 0)
        {
            var error = Failure("ftruncate");
            Close(fd);
            throw error;
        }
        return fd;
    }

    /// <summary>A duplicate of <paramref name="fd"/> that a child process inherits.</summary>
    public static int Inheritable(int fd)
    {
        var duplicate = fcntl(fd, DuplicateFrom, LowestForChild);
        return duplicate >= 0 ? duplicate : throw Failure("fcntl(F_DUPFD)");
    }

    /// <summary>Marks an inherited descriptor close-on-exec, so nothing the child starts inherits it in turn.</summary>
    public static void KeepFromChildren(int fd)
    {
        if (fcntl(fd, SetFlags, CloseOnExecFlag) != 0)
        {
            throw Failure($"fcntl(F_SETFD) on descriptor {fd}");
        }
    }

    public static void Close(int fd) => _ = close(fd);

    private static IOException Failure(string call) => new($"{call}: {Errno.Describe(Marshal.GetLastPInvokeError())}");

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int socketpair(int domain, int type, int protocol, [Out] int[] fds);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int memfd_create([MarshalAs(UnmanagedType.LPUTF8Str)] string name, uint flags);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int ftruncate(int fd, long length);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int fcntl(int fd, int command, int argument);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int close(int fd);
}
