using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace HookInjector.ServingBench.Launch;

/// <summary>
/// A plugin executable started the way containerd starts a pre-installed plugin
/// (pkg/adaptation): one end of a connected unix socket pair as descriptor 3, an environment of
/// exactly NRI_PLUGIN_NAME, NRI_PLUGIN_IDX and NRI_PLUGIN_SOCKET=3, no arguments, standard input
/// and output on /dev/null. Disposing it kills the plugin with SIGKILL, as the runtime does.
/// </summary>
internal sealed class PluginProcess : IDisposable
{
    private const int PluginSocketDescriptor = 3;

    private bool exited;

    private PluginProcess(int pid, long startedAt, Socket runtimeEnd)
    {
        Pid = pid;
        StartedAt = startedAt;
        RuntimeEnd = runtimeEnd;
    }

    public int Pid { get; }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> just before the plugin was spawned.</summary>
    public long StartedAt { get; }

    /// <summary>The runtime's end of the socket pair.</summary>
    public Socket RuntimeEnd { get; }

    public static PluginProcess Start(string executable, string name, string index)
    {
        Span<int> pair = stackalloc int[2];
        if (LibC.socketpair(LibC.AfUnix, LibC.SockStream | LibC.SockCloexec, 0, pair) != 0)
        {
            throw new InvalidOperationException($"socketpair failed: errno {Marshal.GetLastPInvokeError()}");
        }
        var (runtimeFd, pluginFd) = (pair[0], pair[1]);
        if (pluginFd == PluginSocketDescriptor)
        {
            // dup2 onto itself would keep close-on-exec; never the case in a .NET process, whose
            // runtime holds the low descriptors.
            throw new InvalidOperationException("the plugin's end of the socket pair is already descriptor 3");
        }

        var actions = Marshal.AllocHGlobal(LibC.FileActionsSize);
        string[] environment = [$"NRI_PLUGIN_NAME={name}", $"NRI_PLUGIN_IDX={index}", $"NRI_PLUGIN_SOCKET={PluginSocketDescriptor.ToString(CultureInfo.InvariantCulture)}"];
        var argv = NullTerminated([executable]);
        var envp = NullTerminated(environment);
        try
        {
            Check(LibC.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
            try
            {
                for (var fd = 0; fd <= 2; fd++)
                {
                    Check(LibC.posix_spawn_file_actions_addopen(actions, fd, "/dev/null", LibC.ORdWr, 0), "posix_spawn_file_actions_addopen");
                }
                // dup2 leaves the new descriptor without close-on-exec: only it is inherited.
                Check(LibC.posix_spawn_file_actions_adddup2(actions, pluginFd, PluginSocketDescriptor), "posix_spawn_file_actions_adddup2");
                var startedAt = Stopwatch.GetTimestamp();
                var error = LibC.posix_spawn(out var pid, executable, actions, IntPtr.Zero, argv, envp);
                if (error != 0)
                {
                    throw new InvalidOperationException($"cannot start plugin {executable}: posix_spawn error {error}");
                }
                var runtimeEnd = new Socket(new SafeSocketHandle(runtimeFd, ownsHandle: true));
                runtimeFd = -1;
                return new PluginProcess(pid, startedAt, runtimeEnd);
            }
            finally
            {
                _ = LibC.posix_spawn_file_actions_destroy(actions);
            }
        }
        finally
        {
            Marshal.FreeHGlobal(actions);
            Free(argv);
            Free(envp);
            _ = LibC.close(pluginFd);
            if (runtimeFd >= 0)
            {
                _ = LibC.close(runtimeFd);
            }
        }
    }

    /// <summary>Reads a kB field (VmRSS, VmHWM) of /proc/PID/status; null once the plugin has exited.</summary>
    public long? ReadStatusKilobytes(string field) => ProcFs.ReadStatusKilobytes(Pid, field);

    /// <summary>True when the plugin has exited (a zombie counts: it no longer serves).</summary>
    public bool HasExited()
    {
        if (this.exited)
        {
            return true;
        }
        this.exited = LibC.waitpid(Pid, out _, LibC.WNoHang) == Pid;
        return exited;
    }

    public void Dispose()
    {
        RuntimeEnd.Dispose();
        if (!HasExited())
        {
            _ = LibC.kill(Pid, LibC.SigKill);
            while (LibC.waitpid(Pid, out _, 0) < 0 && Marshal.GetLastPInvokeError() == LibC.EIntr)
            {
            }
            this.exited = true;
        }
    }

    private static void Check(int error, string call)
    {
        if (error != 0)
        {
            throw new InvalidOperationException($"{call} failed: error {error}");
        }
    }

    private static IntPtr NullTerminated(string[] values)
    {
        var array = Marshal.AllocHGlobal(IntPtr.Size * (values.Length + 1));
        for (var i = 0; i < values.Length; i++)
        {
            Marshal.WriteIntPtr(array, i * IntPtr.Size, Marshal.StringToCoTaskMemUTF8(values[i]));
        }
        Marshal.WriteIntPtr(array, values.Length * IntPtr.Size, IntPtr.Zero);
        return array;
    }

    private static void Free(IntPtr array)
    {
        for (var i = 0; ; i++)
        {
            var value = Marshal.ReadIntPtr(array, i * IntPtr.Size);
            if (value == IntPtr.Zero)
            {
                break;
            }
            Marshal.FreeCoTaskMem(value);
        }
        Marshal.FreeHGlobal(array);
    }
}
