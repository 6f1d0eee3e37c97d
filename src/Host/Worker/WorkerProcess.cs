using System.Diagnostics;
using System.Net.Sockets;
using Google.Protobuf;
using HookInjector.Host.Platform;
using HookInjector.Host.Transport.Multiplex;
using HookInjector.Host.Transport.Ttrpc;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Worker;

/// <summary>How to start the worker: its executable and the arguments before the worker's own.</summary>
internal sealed record WorkerLaunch(string FileName, IReadOnlyList<string> LeadingArguments)
{
    /// <summary>The worker build published beside the daemon: <c>worker/hook-injector</c> next to the daemon's executable.</summary>
    public const string BesideDaemon = "worker/hook-injector";

    /// <summary>Where a pre-installed plugin's worker lives: the runtime's plugin directory must hold only the daemon.</summary>
    public const string Installed = "/usr/lib/hook-injector/worker/hook-injector";

    /// <summary>
    /// The configured path, else the worker published beside the daemon, else (in a build that can
    /// load code, which is its own worker) this build's executable, else the installed worker.
    /// </summary>
    public static WorkerLaunch Resolve(string? configured)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return new WorkerLaunch(configured, []);
        }
        var beside = Path.Combine(AppContext.BaseDirectory, BesideDaemon);
        if (File.Exists(beside))
        {
            return new WorkerLaunch(beside, []);
        }
        var self = Path.Combine(AppContext.BaseDirectory, "hook-injector");
        return new WorkerLaunch(Configuration.BuildFlavor.CanLoadCode && File.Exists(self) ? self : Installed, []);
    }
}

/// <summary>
/// One worker process and the ttrpc connection to it, on a socket pair and a shared progress memory
/// that only the two processes hold. Starting one costs a process start; the caller decides when.
/// </summary>
internal sealed partial class WorkerProcess : IAsyncDisposable
{
    private const int KillSignal = 9;

    /// <summary>The worker's GC heap limit: a runaway allocation ends the worker, not the node's memory.</summary>
    public const long HeapHardLimitBytes = 512L << 20;

    /// <summary>The worker's young-generation budget, as the daemon's.</summary>
    public const long GenerationZeroBudgetBytes = 6L << 20;

    private readonly Process process;
    private readonly DedicatedConnection connection;
    private readonly TtrpcClient client;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task receiving;
    private readonly Task relaying;
    private readonly ILogger logger;

    private WorkerProcess(Process process, DedicatedConnection connection, TtrpcClient client, ILogger logger)
    {
        this.process = process;
        this.connection = connection;
        this.client = client;
        this.logger = logger;
        Pid = process.Id;
        // The replies are read on a thread of their own, where each caller continues.
        receiving = DedicatedConnection.RunReader(() => client.RunAsync(stopping.Token));
        relaying = RelayLogAsync(process.StandardError, logger);
        Exited = process.WaitForExitAsync(CancellationToken.None);
    }

    public int Pid { get; }

    /// <summary>The CPU time the process has used so far; zero once it is gone.</summary>
    public TimeSpan CpuTime() => ProcessStat.CpuTime(Pid) ?? TimeSpan.Zero;

    /// <summary>Completes when the process has exited, for whatever reason.</summary>
    public Task Exited { get; }

    /// <summary>Whether the process has ended, other than by <see cref="Kill"/> (SIGKILL).</summary>
    public bool EndedByItself => Exited.IsCompleted && process.ExitCode != 128 + KillSignal;

    /// <summary>How the process ended ("exited with status 0", "killed by signal 6"); valid once <see cref="Exited"/> completed.</summary>
    public string ExitDescription => process.ExitCode > 128
        ? $"killed by signal {process.ExitCode - 128}"
        : $"exited with status {process.ExitCode}";

    public static WorkerProcess Start(WorkerLaunch launch, WorkerProgress progress, int progressFd, ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger<WorkerProcess>();
        var (parent, child) = Descriptors.SocketPair();
        int inherited;
        try
        {
            inherited = Descriptors.Inheritable(child);
        }
        finally
        {
            Descriptors.Close(child);
        }
        Process process;
        try
        {
            var start = new ProcessStartInfo(launch.FileName)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = false,
                RedirectStandardError = true,
                WorkingDirectory = "/",
            };
            foreach (var argument in launch.LeadingArguments)
            {
                start.ArgumentList.Add(argument);
            }
            start.ArgumentList.Add("worker");
            start.ArgumentList.Add("--socket-fd");
            start.ArgumentList.Add(inherited.ToString(System.Globalization.CultureInfo.InvariantCulture));
            start.ArgumentList.Add("--progress-fd");
            start.ArgumentList.Add(progressFd.ToString(System.Globalization.CultureInfo.InvariantCulture));
            start.Environment["DOTNET_GCHeapHardLimit"] = HeapHardLimitBytes.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
            // As for the daemon (see HookInjector.Host.csproj): a young generation sized from the L3 cache would
            // stay resident on top of the compiled scripts for as long as the worker serves.
            start.Environment["DOTNET_GCGen0MaxBudget"] = GenerationZeroBudgetBytes.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
            // Every container runs the same few script and extension methods: compile each optimised at its first
            // call, and promote the ReadyToRun ones without the tiering delay and without an instrumented tier in
            // between, so a (re)started worker answers at full speed after a few containers. With the defaults,
            // the p50 of 1 000 containers in a row with 20 scripts was 540-670 µs; with these, 390-420 µs.
            start.Environment["DOTNET_TC_QuickJit"] = "0";
            start.Environment["DOTNET_TC_CallCountingDelayMs"] = "0";
            start.Environment["DOTNET_TieredPGO"] = "0";
            // The worker must not pick up the daemon's own settings meant for the runtime connection.
            start.Environment.Remove("NRI_PLUGIN_SOCKET");
            progress.Clear();
            process = Process.Start(start) ?? throw new IOException($"cannot start the worker {launch.FileName}");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException)
        {
            Descriptors.Close(parent);
            Descriptors.Close(inherited);
            throw new IOException($"cannot start the worker {launch.FileName}: {e.Message}", e);
        }
        Descriptors.Close(inherited);
        var socket = new Socket(new SafeSocketHandle(parent, ownsHandle: true));
        // One request at a time, to a worker that answers nothing else: the reply is read on a thread of the
        // connection's own and the caller continues there, so a reply costs the daemon one thread wake-up.
        var connection = new DedicatedConnection(new BlockingSocketStream(socket, TrunkWriter.WriteTimeout));
        // Only code running in the worker can write anything else to its socket.
        var client = new TtrpcClient(connection, loggerFactory.CreateLogger<TtrpcClient>(), completeCallsInline: true, strayEndsConnection: true);
        var worker = new WorkerProcess(process, connection, client, logger);
        LogStarted(logger, process.Id, launch.FileName);
        return worker;
    }

    public Task<TResponse> CallAsync<TResponse>(string method, IMessage request, MessageParser<TResponse> parser, TimeSpan timeout, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse> =>
        client.CallAsync(WorkerMessages.Service, method, request, parser, timeout, cancellationToken);

    /// <summary>Ends the process at once: it overran, or the daemon is stopping.</summary>
    public void Kill()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await stopping.CancelAsync().ConfigureAwait(false);
        connection.Dispose();
        await Task.WhenAll(Teardown.Quietly(receiving), Teardown.Quietly(relaying), Teardown.Quietly(Exited)).ConfigureAwait(false);
        client.Dispose();
        process.Dispose();
        stopping.Dispose();
    }

    /// <summary>
    /// The worker logs to stderr one line per event, "LEVEL message" (<see cref="WorkerLogFormatter"/>);
    /// each is logged here at its level, so operators find the worker's lines in the daemon's log.
    /// </summary>
    private static async Task RelayLogAsync(StreamReader stderr, ILogger logger)
    {
        var level = LogLevel.Information;
        while (await stderr.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            var text = line;
            if (WorkerLogFormatter.TryParse(line, out var parsed, out var message))
            {
                level = parsed;
                text = message;
            }
            // Continuation lines (stack traces, runtime messages) keep the level of the line before.
            LogWorkerLine(logger, level, text);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Started worker {Pid} ({Executable})")]
    private static partial void LogStarted(ILogger logger, int pid, string executable);

    [LoggerMessage(Message = "worker: {Line}")]
    private static partial void LogWorkerLine(ILogger logger, LogLevel level, string line);
}
