using System.CommandLine;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using HookInjector.Host.Cli;
using HookInjector.Host.Configuration;
using HookInjector.Host.Logging;
using HookInjector.Host.Platform;
using HookInjector.Host.Transport.Multiplex;
using HookInjector.Host.Transport.Ttrpc;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Worker;

/// <summary>
/// <c>hook-injector worker</c>: the process the daemon starts to run rule scripts and extensions.
/// It serves the worker protocol on the socket it inherited until the daemon closes it, logs to
/// stderr (which the daemon relays into its own log), and runs below the daemon's CPU priority.
/// Not for people to start: the command is hidden.
/// </summary>
internal static partial class WorkerMode
{
    /// <summary>Niceness of the worker's threads: the daemon's transport always gets the CPU first.</summary>
    public const int Niceness = 10;

    /// <summary>
    /// The worker's oom_score_adj, the highest there is: when memory runs out where the daemon and its worker run
    /// (the limit of their cgroup, or the node), the kernel kills the worker, which the daemon restarts, never the
    /// daemon.
    /// </summary>
    public const int OomScoreAdjustment = 1000;

    public static Command Create()
    {
        var socket = new Option<int>("--socket-fd") { Required = true, Description = "the inherited socket to the daemon" };
        var progress = new Option<int>("--progress-fd") { Description = "the inherited progress memory shared with the daemon" };
        var command = new Command("worker", "Run rule scripts and extensions for the daemon (started by hook-injector itself)") { Hidden = true };
        command.Options.Add(socket);
        command.Options.Add(progress);
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(socket), result.GetValue(progress), cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(int socketFd, int progressFd, CancellationToken cancellationToken)
    {
        if (!BuildFlavor.CanLoadCode)
        {
            await Console.Error.WriteLineAsync("hook-injector worker: this build cannot load code; start the worker build").ConfigureAwait(false);
            return 2;
        }
        LowerPriority();
        ComeFirstForTheOomKiller();
        WatchParent();
        using var loggerFactory = CreateLoggerFactory();
        var logger = loggerFactory.CreateLogger(typeof(WorkerMode));
        Descriptors.KeepFromChildren(socketFd);
        using var progress = progressFd > 0 ? WorkerProgress.Open(progressFd) : null;
        using var service = new WorkerService(loggerFactory, progress);
        var socket = new Socket(new SafeSocketHandle(socketFd, ownsHandle: true));
        // The daemon sends one request and waits for its reply: each is read, served and answered on one thread of
        // its own, so a request costs the worker one thread wake-up.
        using var connection = new DedicatedConnection(new BlockingSocketStream(socket, TrunkWriter.WriteTimeout));
        var server = new TtrpcServer(connection, service.CreateServiceTable(), loggerFactory.CreateLogger<TtrpcServer>(), serveInline: true);
        // A read blocked in the socket sees no cancellation; closing the socket ends it.
        using var stop = cancellationToken.Register(connection.Dispose);
        LogServing(logger, Environment.ProcessId);
        try
        {
            await DedicatedConnection.RunReader(() => server.RunAsync(cancellationToken)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by a signal: the daemon is going away too.
        }
        return 0;
    }

    // Everything to stderr: stdout is not read, and the daemon relays stderr line by line.
    private static ILoggerFactory CreateLoggerFactory() => LoggerFactories.Create(
        level => level >= LogLevel.Information, new WorkerLogFormatter(), standardErrorFrom: LogLevel.Trace, file: null);

    /// <summary>
    /// Linux keeps a nice value per thread, and new threads inherit their creator's: lowering every
    /// thread that exists now covers the ones the runtime and user code start later.
    /// </summary>
    private static void LowerPriority()
    {
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (int.TryParse(Path.GetFileName(task), out var thread))
            {
                _ = setpriority(0, thread, Niceness);
            }
        }
    }

    /// <summary>
    /// Raising one's own oom_score_adj takes no privilege. Without it the kernel would still most likely pick the
    /// worker, the larger process, but a container or unit can give its processes an adjustment of their own.
    /// </summary>
    private static void ComeFirstForTheOomKiller()
    {
        try
        {
            File.WriteAllText("/proc/self/oom_score_adj", OomScoreAdjustment.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A /proc without it (or read-only): the memory ceilings still hold, the victim is the kernel's choice.
        }
    }

    /// <summary>
    /// Ends the worker as soon as the daemon is gone, even while user code holds every other thread:
    /// the closed socket would tell a worker that is idle, not one stuck in a script.
    /// </summary>
    private static void WatchParent()
    {
        var parent = getppid();
        new Thread(() =>
        {
            while (getppid() == parent)
            {
                Thread.Sleep(ParentCheckInterval);
            }
            ShutdownDeadline.ExitNow(1);
        })
        {
            IsBackground = true,
            Name = "parent watch",
        }.Start();
    }

    private static readonly TimeSpan ParentCheckInterval = TimeSpan.FromMilliseconds(500);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int setpriority(int which, int who, int priority);

    [DllImport("libc")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int getppid();


    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {Pid} serving the daemon")]
    private static partial void LogServing(ILogger logger, int pid);
}
