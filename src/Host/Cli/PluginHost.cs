using HookInjector.Host.Configuration;
using HookInjector.Host.Injection;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.OciHooks.Loading;
using HookInjector.Host.OciHooks.Watching;
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

    public static async Task<int> RunAsync(PluginSettings settings, CancellationToken cancellationToken)
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

        using var host = Build(settings, identity, launch);
        // Resolved before running: the host disposes its services when it stops.
        var runner = host.Services.GetRequiredService<PluginRunner>();
        var logger = host.Services.GetRequiredService<ILogger<PluginRunner>>();
        using var deadline = new ShutdownDeadline(
            TimeProvider.System, host.Services.GetRequiredService<ILogger<ShutdownDeadline>>(), status => EndProcessNow(host.Services, status));
        deadline.WatchStopSignals();
        using var reopening = host.Services.GetRequiredService<LogFileReopening>();
        reopening.WatchHangupSignal();
        using var systemd = launch is PluginLaunch.External
            ? SystemdNotifier.Create(Environment.GetEnvironmentVariable(SystemdNotifier.SocketVariable), identity.ToString(), host.Services.GetRequiredService<ILogger<SystemdNotifier>>())
            : null;
        if (systemd is not null)
        {
            host.Services.GetRequiredService<PluginHealth>().RegistrationChanged += systemd.RegistrationChanged;
            host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(systemd.Stopping);
        }
        LogStarting(logger, identity, HookInjectorMetrics.Version, BuildFlavor.Name);
        try
        {
            // Bound before the host starts, so a busy port is one clear line, not a host start-up failure.
            await host.Services.GetRequiredService<MetricsEndpoint>().StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (MetricsEndpointException e)
        {
            LogRefusedToStart(logger, e.Message);
            return 1;
        }
        try
        {
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
        return runner.ExitCode;
    }

    private static IHost Build(PluginSettings settings, PluginIdentity identity, PluginLaunch launch)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var fileLog = settings.LogFile is null ? null : new FileLoggerProvider(settings.LogFile, settings.LogFormat);
        ConfigureLogging(builder.Logging, settings, launch, fileLog);

        var services = builder.Services;
        services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);
        // The orderly stop stops waiting for services well before the shutdown deadline ends the process regardless.
        services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownDeadline.GracePeriod / 2);
        services.AddSingleton(new CurrentSettings(settings));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<VerboseDump>();
        services.AddSingleton(provider => new PluginHealth(provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider => new HookInjectorMetrics(provider.GetRequiredService<PluginHealth>()));
        services.AddSingleton(provider => new LogFileReopening(fileLog, provider.GetRequiredService<ILogger<LogFileReopening>>()));
        services.AddSingleton(provider => new MetricsEndpoint(
            provider.GetRequiredService<HookInjectorMetrics>(), settings.MetricsAddress, provider.GetRequiredService<ILogger<MetricsEndpoint>>()));
        services.AddHostedService(provider => provider.GetRequiredService<MetricsEndpoint>());
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<HookCatalogRunner>(provider, settings.ToOciHooksOptions()));
        services.AddHostedService(provider => provider.GetRequiredService<HookCatalogRunner>());
        services.AddSingleton(provider => new WorkerSupervisor(
            WorkerLaunch.Resolve(settings.WorkerPath), provider.GetRequiredService<ILoggerFactory>(), TimeProvider.System, provider.GetRequiredService<HookInjectorMetrics>()));
        services.AddHookSources(settings);
        services.AddSingleton(provider => new SourcePipeline(
            provider.GetRequiredService<HookSourcesRunner>(), provider.GetRequiredService<ILogger<SourcePipeline>>(),
            provider.GetRequiredService<WorkerSupervisor>(), provider.GetRequiredService<HookInjectorMetrics>()));
        services.AddSingleton<HookInjectionAdjuster>();
        services.AddSingleton<IContainerAdjuster>(provider =>
            new MeasuredContainerAdjuster(provider.GetRequiredService<HookInjectionAdjuster>(), provider.GetRequiredService<HookInjectorMetrics>()));
        services.AddSingleton<IPluginConfigurationSink>(provider =>
            new DropInConfigurationSink(settings, provider.GetRequiredService<CurrentSettings>(), provider.GetRequiredService<HookCatalogRunner>(),
                provider.GetRequiredService<ConfiguredHookSources>(), fileLog, provider.GetRequiredService<MetricsEndpoint>()));
        services.AddSingleton(provider => new NriSession(
            identity, () => ActivatorUtilities.CreateInstance<PluginService>(provider), provider.GetRequiredService<ILoggerFactory>(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<PluginHealth>()));
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<PluginRunner>(provider, launch, settings.ExitOnDisconnect));
        services.AddHostedService(provider => provider.GetRequiredService<PluginRunner>());
        return builder.Build();
    }

    /// <summary>The shutdown deadline's way out: pushes out the queued log lines, for a bounded time, then ends the process.</summary>
    private static void EndProcessNow(IServiceProvider services, int status)
    {
        try
        {
            // Disposing the providers drains the console logger's queue; the file logger writes through already.
            Task.Run(() =>
            {
                foreach (var provider in services.GetServices<ILoggerProvider>())
                {
                    provider.Dispose();
                }
            }).Wait(LogFlushAllowance);
        }
        finally
        {
            ShutdownDeadline.ExitNow(status);
        }
    }

    private static void ConfigureLogging(ILoggingBuilder logging, PluginSettings settings, PluginLaunch launch, FileLoggerProvider? fileLog)
    {
        logging.SetMinimumLevel(settings.LogLevel);
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
            logging.Services.AddSingleton(fileLog);
            logging.AddProvider(fileLog);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting plugin {Plugin}, hook-injector {Version} ({Build} build)")]
    private static partial void LogStarting(ILogger logger, PluginIdentity plugin, string version, string build);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Refusing to start: {Reason}")]
    private static partial void LogRefusedToStart(ILogger logger, string reason);
}
