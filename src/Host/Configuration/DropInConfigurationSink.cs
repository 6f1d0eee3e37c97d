using HookInjector.Host.Logging;
using HookInjector.Host.Metrics.Endpoint;
using HookInjector.Host.Nri.Lifecycle;
using HookInjector.Host.OciHooks.Watching;

namespace HookInjector.Host.Configuration;

/// <summary>
/// Applies the configuration a runtime passes to a pre-installed plugin on top of the start-up
/// settings: the settings in force, the log file and its format, the hook directories (and the host
/// root they are checked under), the directories of the rules, scripts and extensions, and the
/// metrics endpoint.
/// </summary>
internal sealed class DropInConfigurationSink : IPluginConfigurationSink
{
    private readonly PluginSettings startup;
    private readonly CurrentSettings current;
    private readonly HookCatalogRunner hooksDirectories;
    private readonly ConfiguredHookSources hookSources;
    private readonly FileLoggerProvider? fileLog;
    private readonly MetricsEndpoint? metricsEndpoint;

    public DropInConfigurationSink(
        PluginSettings startup, CurrentSettings current, HookCatalogRunner hooksDirectories, ConfiguredHookSources hookSources,
        FileLoggerProvider? fileLog = null, MetricsEndpoint? metricsEndpoint = null)
    {
        this.metricsEndpoint = metricsEndpoint;
        this.startup = startup;
        this.current = current;
        this.hooksDirectories = hooksDirectories;
        this.hookSources = hookSources;
        this.fileLog = fileLog;
    }

    public async Task ApplyAsync(string configuration, CancellationToken cancellationToken)
    {
        var settings = DropInConfiguration.Apply(configuration, startup);
        if (metricsEndpoint is not null)
        {
            // Before the hooks: a metrics port in use rejects the configuration before anything changed.
            await metricsEndpoint.ApplyAsync(settings.MetricsAddress, cancellationToken).ConfigureAwait(false);
        }
        await hooksDirectories.ApplyAsync(settings.ToOciHooksOptions(), cancellationToken).ConfigureAwait(false);
        await hookSources.ApplyAsync(settings, cancellationToken).ConfigureAwait(false);
        if (settings.LogFile is { } logFile)
        {
            fileLog?.MoveTo(logFile);
        }
        if (fileLog is not null)
        {
            fileLog.Format = settings.LogFormat;
        }
        current.Replace(settings);
    }
}
