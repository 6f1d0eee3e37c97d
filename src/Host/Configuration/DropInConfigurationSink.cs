using HookInjector.Host.Logging;
using HookInjector.Host.Nri.Lifecycle;
using HookInjector.Host.OciHooks.Watching;

namespace HookInjector.Host.Configuration;

/// <summary>
/// Applies the configuration a runtime passes to a pre-installed plugin on top of the start-up
/// settings: the settings in force, the log file, the hook directories and the directories of the
/// rules, scripts and extensions.
/// </summary>
internal sealed class DropInConfigurationSink : IPluginConfigurationSink
{
    private readonly PluginSettings startup;
    private readonly CurrentSettings current;
    private readonly HookCatalogRunner hooksDirectories;
    private readonly ConfiguredHookSources hookSources;
    private readonly FileLoggerProvider? fileLog;

    public DropInConfigurationSink(PluginSettings startup, CurrentSettings current, HookCatalogRunner hooksDirectories, ConfiguredHookSources hookSources, FileLoggerProvider? fileLog = null)
    {
        this.startup = startup;
        this.current = current;
        this.hooksDirectories = hooksDirectories;
        this.hookSources = hookSources;
        this.fileLog = fileLog;
    }

    public async Task ApplyAsync(string configuration, CancellationToken cancellationToken)
    {
        var settings = DropInConfiguration.Apply(configuration, startup);
        await hooksDirectories.ApplyAsync(settings.ToOciHooksOptions(), cancellationToken).ConfigureAwait(false);
        await hookSources.ApplyAsync(settings, cancellationToken).ConfigureAwait(false);
        if (settings.LogFile is { } logFile)
        {
            fileLog?.MoveTo(logFile);
        }
        current.Replace(settings);
    }
}
