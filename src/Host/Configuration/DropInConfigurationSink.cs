using HookInjector.Host.Logging;
using HookInjector.Host.Metrics.Endpoint;
using HookInjector.Host.Nri.Lifecycle;
using HookInjector.Host.State;

namespace HookInjector.Host.Configuration;

/// <summary>
/// Applies the configuration a runtime passes to a pre-installed plugin on top of the start-up
/// settings: the metrics endpoint first (a port in use rejects the configuration before anything
/// changed), then the whole new state, then the log file and its format.
/// </summary>
internal sealed class DropInConfigurationSink(
    PluginSettings startup, StateManager state, FileLoggerProvider? fileLog = null, MetricsEndpoint? metricsEndpoint = null) : IPluginConfigurationSink
{
    public async Task ApplyAsync(string configuration, CancellationToken cancellationToken)
    {
        var settings = DropInConfiguration.Apply(configuration, startup);
        if (metricsEndpoint is not null)
        {
            await metricsEndpoint.ApplyAsync(settings.MetricsAddress, cancellationToken).ConfigureAwait(false);
        }
        await state.ReconfigureAsync(settings, cancellationToken).ConfigureAwait(false);
        if (settings.LogFile is { } logFile)
        {
            fileLog?.MoveTo(logFile);
        }
        if (fileLog is not null)
        {
            fileLog.Format = settings.LogFormat;
        }
    }
}
