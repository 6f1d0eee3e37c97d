using System.Runtime.InteropServices;

namespace HookInjector.Host.Platform;

/// <summary>
/// Whether an absolute path exists as a node sees it, from a container that has the node's root
/// file system mounted at <c>root</c>. openat2 with RESOLVE_IN_ROOT resolves the path as if
/// <c>root</c> were "/": an absolute symlink such as /usr/bin/tool -> /opt/tool/bin/tool and any
/// ".." stay on the node's side instead of escaping into the container's own files. Kernels older
/// than 5.6, or seccomp profiles that refuse openat2, get a plain check of root + path, where only
/// relative symlinks resolve as on the node.
/// </summary>
internal static class RootedAccess
{
    private const long OpenAt2 = 437;
    private const ulong OpenPath = 0x200000;
    private const ulong CloseOnExec = 0x80000;
    private const ulong ResolveInRoot = 0x10;
    private const int ENOSYS = 38;
    private const int EPERM = 1;

    /// <summary>0 when <paramref name="path"/> exists under <paramref name="root"/>, otherwise the errno.</summary>
    public static int Access(string root, string path)
    {
        if (root.Contains('\0', StringComparison.Ordinal) || path.Contains('\0', StringComparison.Ordinal))
        {
            return Errno.EINVAL;
        }
        var rootFd = open(root, (int)(OpenPath | CloseOnExec));
        if (rootFd < 0)
        {
            return Marshal.GetLastPInvokeError();
        }
        try
        {
            var how = new OpenHow { Flags = OpenPath | CloseOnExec, Resolve = ResolveInRoot };
            var fd = openat2(OpenAt2, rootFd, path, ref how, (nuint)Marshal.SizeOf<OpenHow>());
            if (fd >= 0)
            {
                // Closing an O_PATH descriptor has nothing to flush; its result tells nothing.
                _ = close((int)fd);
                return 0;
            }
            var errno = Marshal.GetLastPInvokeError();
            return errno is ENOSYS or EPERM ? LibC.Access(Join(root, path)) : errno;
        }
        finally
        {
            _ = close(rootFd);
        }
    }

    /// <summary>The path a hook binary has inside the container: root and node path joined by one slash.</summary>
    private static string Join(string root, string path) => string.Concat(root.TrimEnd('/'), "/", path.TrimStart('/'));

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern long openat2(long number, int directoryFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, ref OpenHow how, nuint size);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int close(int fd);
}
