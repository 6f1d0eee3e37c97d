using HookInjector.Host.FileWatching;
using HookInjector.Host.Logging;
using HookInjector.Host.Metrics.Endpoint;
using HookInjector.Host.Nri.Lifecycle;
using HookInjector.Host.State;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Configuration;

/// <summary>
/// Keeps the settings in force in step with their sources: the configuration file given with
/// <c>--config</c> (watched, and read again when it changes), the configuration a runtime passes
/// to a pre-installed plugin, and the flags of the command line, which win over both. Each change
/// resolves the settings whole (<see cref="SettingsResolver"/>) and puts them in force: the metrics
/// endpoint first (a port in use rejects the change before anything else moved), then the log file,
/// its format and the log level, then the whole new state (<see cref="StateManager"/>). A change
/// refused on the way (a port in use, a log file that cannot be opened, under <c>strict</c> an invalid
/// hook file) moves the endpoint and the log back to the settings still in force.
/// </summary>
internal sealed partial class PluginConfiguration : IPluginConfigurationSink, IAsyncDisposable
{
    private readonly CommandLineSettings flags;
    private readonly StateManager state;
    private readonly FileLoggerProvider? fileLog;
    private readonly MetricsEndpoint? metricsEndpoint;
    private readonly LogLevelSwitch? logLevel;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly SemaphoreSlim applying = new(1, 1);
    private readonly CancellationTokenSource stopping = new();
    private string? fileText;
    private string? dropInText;
    private DirectoryWatch? fileWatch;
    private Task watching = Task.CompletedTask;

    /// <param name="fileText">The configuration file's text as read at start (null without <c>--config</c>).</param>
    public PluginConfiguration(
        CommandLineSettings flags, string? fileText, StateManager state, TimeProvider time, ILogger<PluginConfiguration> logger,
        FileLoggerProvider? fileLog = null, MetricsEndpoint? metricsEndpoint = null, LogLevelSwitch? logLevel = null)
    {
        this.logLevel = logLevel;
        this.flags = flags;
        this.fileText = fileText;
        this.state = state;
        this.time = time;
        this.logger = logger;
        this.fileLog = fileLog;
        this.metricsEndpoint = metricsEndpoint;
    }

    /// <summary>The runtime's configuration (a pre-installed plugin's drop-in file): rejected whole, changing nothing, when not valid.</summary>
    public async Task ApplyAsync(string configuration, TimeSpan answerWithin, CancellationToken cancellationToken)
    {
        await applying.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await PutInForceAsync(SettingsResolver.Resolve(flags, fileText, configuration), StateManager.WorkerSourcesWaitWithin(answerWithin), cancellationToken).ConfigureAwait(false);
            dropInText = configuration;
        }
        finally
        {
            applying.Release();
        }
    }

    /// <summary>Starts watching the configuration file, when there is one; a change is read after the file has been quiet a moment.</summary>
    public void WatchFile(ReloadTiming timing)
    {
        if (flags.ConfigFile is not { } path || state.Current.Settings.DisableWatch)
        {
            return;
        }
        var debouncer = new ReloadDebouncer(timing.QuietPeriod, timing.MaxDelay, time);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/";
        fileWatch = new DirectoryWatch(directory, debouncer.Signal, logger, loadsAfterFirstArm: true);
        fileWatch.EnsureWatching();
        watching = WatchAsync(debouncer, timing, stopping.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        await watching.ConfigureAwait(false);
        fileWatch?.Dispose();
        stopping.Dispose();
        applying.Dispose();
    }

    private async Task WatchAsync(ReloadDebouncer debouncer, ReloadTiming timing, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            using var rewatch = time.CreateTimer(_ => fileWatch?.EnsureWatching(), null, timing.RewatchInterval, timing.RewatchInterval);
            await debouncer.RunAsync(() => ReloadFileAsync(stoppingToken).GetAwaiter().GetResult(), stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>Reads the configuration file again; a file that cannot be read or is not valid leaves the settings in force.</summary>
    private async Task ReloadFileAsync(CancellationToken cancellationToken)
    {
        var path = flags.ConfigFile!;
        await applying.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var text = SettingsFile.ReadText(path);
            if (text == fileText)
            {
                // Another file of the directory changed.
                return;
            }
            await PutInForceAsync(SettingsResolver.Resolve(flags, text, dropInText), Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
            fileText = text;
            LogFileApplied(path);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFileRejected(path, e.Message);
        }
        finally
        {
            applying.Release();
        }
    }

    private async Task PutInForceAsync(PluginSettings settings, TimeSpan workerSourcesWait, CancellationToken cancellationToken)
    {
        if (fileLog is not null && settings.LogFile is null)
        {
            // A pre-installed plugin logs to its default file unless told otherwise.
            settings = settings with { LogFile = state.Current.Settings.LogFile };
        }
        var before = state.Current.Settings;
        var logBefore = (Path: fileLog?.Path, Format: fileLog?.Format, Level: logLevel?.Level);
        try
        {
            if (metricsEndpoint is not null)
            {
                // Stops listening on the old address before binding the new one: a new address in use fails here.
                await metricsEndpoint.ApplyAsync(settings.MetricsAddress, cancellationToken).ConfigureAwait(false);
            }
            // The log before the state: what loading the new sources reports (a refused hook file, scripts still
            // loading) goes where the new configuration sends the log, with its format and level.
            ApplyLog(settings.LogFile, settings.LogFormat, settings.LogLevel);
            await state.ReconfigureAsync(settings, workerSourcesWait, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Rejected whole: the log and the metrics endpoint go back to the settings still in force.
            ApplyLog(logBefore.Path, logBefore.Format ?? before.LogFormat, logBefore.Level ?? before.LogLevel);
            await RestoreMetricsAsync(before.MetricsAddress).ConfigureAwait(false);
            throw;
        }
    }

    private void ApplyLog(string? logFile, LogFormat format, LogLevel level)
    {
        if (fileLog is not null)
        {
            if (logFile is not null)
            {
                fileLog.MoveTo(logFile);
            }
            fileLog.Format = format;
        }
        if (logLevel is not null)
        {
            logLevel.Level = level;
        }
    }

    private async Task RestoreMetricsAsync(MetricsAddress? address)
    {
        if (metricsEndpoint is null)
        {
            return;
        }
        try
        {
            await metricsEndpoint.ApplyAsync(address, CancellationToken.None).ConfigureAwait(false);
        }
        catch (MetricsEndpointException e)
        {
            // Another process took the port meanwhile: the endpoint stays down, and says so.
            LogMetricsNotRestored(address?.ToString() ?? "none", e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied the changed configuration file {Path}")]
    private partial void LogFileApplied(string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "The metrics endpoint could not go back to {Address} after a configuration was rejected: {Reason}")]
    private partial void LogMetricsNotRestored(string address, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Not applying the changed configuration file {Path}; the settings in force stay: {Reason}")]
    private partial void LogFileRejected(string path, string reason);
}
