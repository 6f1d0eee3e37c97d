using HookInjector.Host.Configuration;
using HookInjector.Host.Injection;
using HookInjector.Host.OciHooks.Loading;
using HookInjector.Host.State;
using HookInjector.Host.Logging;
using HookInjector.Host.Metrics;
using HookInjector.Host.Metrics.Endpoint;
using HookInjector.Host.Metrics.Health;
using HookInjector.Host.Nri;
using HookInjector.Host.Nri.Lifecycle;
using HookInjector.Host.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace HookInjector.Host.Cli;

/// <summary>Composes and runs the plugin process: logging, hook sources, the NRI connection.</summary>
internal static partial class PluginHost
{
    private const string SocketVariable = "NRI_PLUGIN_SOCKET";

    /// <summary>How long the hard exit waits for the last log lines: a blocked stdout must not undo the deadline.</summary>
    private static readonly TimeSpan LogFlushAllowance = TimeSpan.FromMilliseconds(200);

    /// <param name="flags">The command line, whose flags win over every configuration, also on reconfiguration.</param>
    /// <param name="fileText">The configuration file's text as read at start; null without <c>--config</c>.</param>
    /// <param name="settings">The settings in force at start, resolved from the two.</param>
    public static async Task<int> RunAsync(CommandLineSettings flags, string? fileText, PluginSettings settings, CancellationToken cancellationToken)
    {
        var inheritedSocket = Environment.GetEnvironmentVariable(SocketVariable);
        if (!PluginIdentity.TryResolve(
                Environment.GetEnvironmentVariable("NRI_PLUGIN_NAME"), Environment.GetEnvironmentVariable("NRI_PLUGIN_IDX"),
                settings.Name, settings.Index, Environment.ProcessPath ?? "hook-injector", out var identity, out var error))
        {
            await Console.Error.WriteLineAsync($"hook-injector: {error}").ConfigureAwait(false);
            return 2;
        }

        PluginLaunch launch = string.IsNullOrEmpty(inheritedSocket)
            ? new PluginLaunch.External(settings.SocketPath)
            : new PluginLaunch.PreInstalled(inheritedSocket);
        if (launch is PluginLaunch.PreInstalled && settings.LogFile is null)
        {
            // Started by the runtime: stdout and stderr lead nowhere, so the log needs a file.
            settings = settings with { LogFile = $"/var/log/nri-{identity}.log" };
        }

        var fileLog = settings.LogFile is null ? null : new FileLoggerProvider(settings.LogFile, settings.LogFormat);
        var logLevel = new LogLevelSwitch(settings.LogLevel);
        using var loggerFactory = LoggerFactories.Create(logLevel.Allows, ConsoleFormatterFor(settings, launch), LogLevel.None, fileLog);
        var logger = loggerFactory.CreateLogger<PluginRunner>();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var deadline = new ShutdownDeadline(
            TimeProvider.System, loggerFactory.CreateLogger<ShutdownDeadline>(), status => EndProcessNow(loggerFactory, status));
        deadline.WatchStopSignals(stopping.Cancel);
        using var reopening = new LogFileReopening(fileLog, loggerFactory.CreateLogger<LogFileReopening>());
        reopening.WatchHangupSignal();
        LogStarting(logger, identity, HookInjectorMetrics.Version, BuildFlavor.Name);

        // The whole plugin, with plain constructors, in the order a CreateContainer meets it from the reply back.
        var health = new PluginHealth(TimeProvider.System);
        using var metrics = new HookInjectorMetrics(health);
        await using var metricsEndpoint = new MetricsEndpoint(metrics, settings.MetricsAddress, loggerFactory.CreateLogger<MetricsEndpoint>());
        await using var worker = new WorkerSupervisor(WorkerLaunch.Resolve(settings.WorkerPath), loggerFactory, TimeProvider.System, metrics);
        await using var state = new StateManager(settings, worker, TimeProvider.System, loggerFactory, metrics);
        var adjuster = new HookInjectionAdjuster(() => state.Current, worker, loggerFactory.CreateLogger<HookInjectionAdjuster>(), metrics, new VerboseDump(loggerFactory.CreateLogger<VerboseDump>()));
        await using var configuration = new PluginConfiguration(flags, fileText, state, TimeProvider.System, loggerFactory.CreateLogger<PluginConfiguration>(), fileLog, metricsEndpoint, logLevel);
        var session = new NriSession(identity, () => new PluginService(adjuster, configuration, loggerFactory.CreateLogger<PluginService>()), loggerFactory, TimeProvider.System, health);
        var runner = new PluginRunner(launch, settings.ExitOnDisconnect, session, TimeProvider.System, logger);
        using var systemd = launch is PluginLaunch.External
            ? SystemdNotifier.Create(Environment.GetEnvironmentVariable(SystemdNotifier.SocketVariable), identity.ToString(), loggerFactory.CreateLogger<SystemdNotifier>())
            : null;
        if (systemd is not null)
        {
            health.RegistrationChanged += systemd.RegistrationChanged;
        }
        try
        {
            // Bound first, so a busy port is one clear line before anything else starts.
            await metricsEndpoint.StartAsync(stopping.Token).ConfigureAwait(false);
        }
        catch (MetricsEndpointException e)
        {
            LogRefusedToStart(logger, e.Message);
            return 1;
        }
        try
        {
            configuration.WatchFile(ReloadTiming.Default);
            // Before registering: the runtime gives a plugin it starts its registration timeout from the start.
            await state.StartAsync(StateManager.WorkerSourcesWaitWithin(NriApi.DefaultRegistrationTimeout), stopping.Token).ConfigureAwait(false);
            return await runner.RunAsync(stopping.Token).ConfigureAwait(false);
        }
        catch (HookLoadException e)
        {
            // --strict: refuse to start on an invalid hook file, as the Go Hook Manager does.
            LogRefusedToStart(logger, e.Message);
            return 1;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped (SIGTERM, SIGINT) while still starting: a normal end.
            return 0;
        }
        finally
        {
            systemd?.Stopping();
            // The orderly stop gives up waiting well before the shutdown deadline ends the process regardless.
            using var patience = new CancellationTokenSource(ShutdownDeadline.GracePeriod / 2);
            await StopQuietlyAsync(state.StopAsync, patience.Token).ConfigureAwait(false);
            await StopQuietlyAsync(metricsEndpoint.StopAsync, patience.Token).ConfigureAwait(false);
        }
    }

    /// <summary>One part's orderly stop, which must not keep the next part from stopping.</summary>
    private static async Task StopQuietlyAsync(Func<CancellationToken, Task> stop, CancellationToken patience)
    {
        try
        {
            await stop(patience).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (patience.IsCancellationRequested)
        {
            // Out of patience: disposing follows, and the shutdown deadline still holds.
        }
    }

    /// <summary>The shutdown deadline's way out: pushes out the queued log lines, for a bounded time, then ends the process.</summary>
    private static void EndProcessNow(ILoggerFactory loggerFactory, int status)
    {
        try
        {
            // Disposing the factory drains the console logger's queue; the file logger writes through already.
            Task.Run(loggerFactory.Dispose).Wait(LogFlushAllowance);
        }
        finally
        {
            ShutdownDeadline.ExitNow(status);
        }
    }

    /// <summary>The console's formatter: a plugin started from a shell or a unit logs to the console, one the runtime started does not.</summary>
    private static ConsoleFormatter? ConsoleFormatterFor(PluginSettings settings, PluginLaunch launch)
    {
        if (launch is not PluginLaunch.External)
        {
            return null;
        }
        var journal = JournalStream.IsStandardOutput();
        return settings.LogFormat == LogFormat.Json ? new JsonConsoleFormatter(journal) : new PlainConsoleFormatter(journal);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting plugin {Plugin}, hook-injector {Version} ({Build} build)")]
    private static partial void LogStarting(ILogger logger, PluginIdentity plugin, string version, string build);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Refusing to start: {Reason}")]
    private static partial void LogRefusedToStart(ILogger logger, string reason);
}
