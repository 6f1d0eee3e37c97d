using System.Runtime.InteropServices;

namespace HookInjector.ServingBench.Launch;

/// <summary>
/// The libc calls a runtime's plugin launch comes down to, which <see cref="System.Diagnostics.Process"/>
/// cannot do: a socket pair and a child that gets one end as descriptor 3. posix_spawn, unlike a
/// fork, is safe in a multi-threaded process.
/// </summary>
internal static partial class LibC
{
    public const int AfUnix = 1;
    public const int SockStream = 1;
    public const int SockCloexec = 0x80000;
    public const int ORdWr = 2;
    public const int SigKill = 9;
    public const int EIntr = 4;
    public const int WNoHang = 1;

    /// <summary>glibc's posix_spawn_file_actions_t is 80 bytes on 64-bit Linux; room to spare.</summary>
    public const int FileActionsSize = 256;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int socketpair(int domain, int type, int protocol, Span<int> descriptors);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int descriptor);

    /// <returns>0, or the error number (posix_spawn functions do not set errno).</returns>
    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_init(IntPtr actions);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_destroy(IntPtr actions);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_adddup2(IntPtr actions, int descriptor, int newDescriptor);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int posix_spawn_file_actions_addopen(IntPtr actions, int descriptor, string path, int flags, uint mode);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int posix_spawn(out int pid, string path, IntPtr actions, IntPtr attributes, IntPtr argv, IntPtr envp);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int kill(int pid, int signal);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int waitpid(int pid, out int status, int options);
}
