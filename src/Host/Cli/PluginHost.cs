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
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
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
        using var loggerFactory = LoggerFactory.Create(logging => ConfigureLogging(logging, settings, launch, fileLog, logLevel));
        var logger = loggerFactory.CreateLogger<PluginRunner>();
        using var deadline = new ShutdownDeadline(
            TimeProvider.System, loggerFactory.CreateLogger<ShutdownDeadline>(), status => EndProcessNow(loggerFactory, status));
        deadline.WatchStopSignals();
        using var reopening = new LogFileReopening(fileLog, loggerFactory.CreateLogger<LogFileReopening>());
        reopening.WatchHangupSignal();
        LogStarting(logger, identity, HookInjectorMetrics.Version, BuildFlavor.Name);

        // The whole plugin, with plain constructors, in the order a CreateContainer meets it from the
        // reply back: the generic host below only starts, stops and signals.
        var health = new PluginHealth(TimeProvider.System);
        using var metrics = new HookInjectorMetrics(health);
        await using var metricsEndpoint = new MetricsEndpoint(metrics, settings.MetricsAddress, loggerFactory.CreateLogger<MetricsEndpoint>());
        await using var worker = new WorkerSupervisor(WorkerLaunch.Resolve(settings.WorkerPath), loggerFactory, TimeProvider.System, metrics);
        await using var state = new StateManager(settings, worker, TimeProvider.System, loggerFactory, metrics);
        var adjuster = new HookInjectionAdjuster(() => state.Current, worker, loggerFactory.CreateLogger<HookInjectionAdjuster>(), metrics, new VerboseDump(loggerFactory.CreateLogger<VerboseDump>()));
        await using var configuration = new PluginConfiguration(flags, fileText, state, TimeProvider.System, loggerFactory.CreateLogger<PluginConfiguration>(), fileLog, metricsEndpoint, logLevel);
        var session = new NriSession(identity, () => new PluginService(adjuster, configuration, loggerFactory.CreateLogger<PluginService>()), loggerFactory, TimeProvider.System, health);
        PluginRunner? runner = null;

        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);
        // The orderly stop stops waiting for services well before the shutdown deadline ends the process regardless.
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownDeadline.GracePeriod / 2);
        builder.Services.AddSingleton<IHostedService>(metricsEndpoint);
        builder.Services.AddSingleton<IHostedService>(state);
        builder.Services.AddHostedService(provider => runner = new PluginRunner(
            launch, settings.ExitOnDisconnect, session, provider.GetRequiredService<IHostApplicationLifetime>(), TimeProvider.System, logger));
        using var host = builder.Build();
        using var systemd = launch is PluginLaunch.External
            ? SystemdNotifier.Create(Environment.GetEnvironmentVariable(SystemdNotifier.SocketVariable), identity.ToString(), loggerFactory.CreateLogger<SystemdNotifier>())
            : null;
        if (systemd is not null)
        {
            health.RegistrationChanged += systemd.RegistrationChanged;
            host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(systemd.Stopping);
        }
        try
        {
            // Bound before the host starts, so a busy port is one clear line, not a host start-up failure.
            await metricsEndpoint.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (MetricsEndpointException e)
        {
            LogRefusedToStart(logger, e.Message);
            return 1;
        }
        try
        {
            configuration.WatchFile(ReloadTiming.Default);
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HookLoadException e)
        {
            // --strict: refuse to start on an invalid hook file, as the Go Hook Manager does.
            LogRefusedToStart(logger, e.Message);
            return 1;
        }
        catch (OperationCanceledException)
        {
            // Stopped (SIGTERM, SIGINT) while still starting: a normal end.
        }
        return runner?.ExitCode ?? 0;
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

    private static void ConfigureLogging(ILoggingBuilder logging, PluginSettings settings, PluginLaunch launch, FileLoggerProvider? fileLog, LogLevelSwitch logLevel)
    {
        logging.SetMinimumLevel(LogLevel.Trace);
        logging.AddFilter((_, _, level) => logLevel.Allows(level));
        if (launch is PluginLaunch.External)
        {
            // Registered as an instance: AddConsoleFormatter would bind formatter options from
            // configuration by reflection, which the Native AOT daemon cannot do, and ours have none.
            var journal = JournalStream.IsStandardOutput();
            ConsoleFormatter formatter = settings.LogFormat == LogFormat.Json ? new JsonConsoleFormatter(journal) : new PlainConsoleFormatter(journal);
            logging.AddConsole(options => options.FormatterName = formatter.Name);
            logging.Services.TryAddEnumerable(ServiceDescriptor.Singleton(formatter));
        }
        if (fileLog is not null)
        {
            logging.AddProvider(fileLog);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting plugin {Plugin}, hook-injector {Version} ({Build} build)")]
    private static partial void LogStarting(ILogger logger, PluginIdentity plugin, string version, string build);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Refusing to start: {Reason}")]
    private static partial void LogRefusedToStart(ILogger logger, string reason);
}
