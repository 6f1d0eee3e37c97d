using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Metrics;
using HookInjector.Host.Worker;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Configuration;

/// <summary>
/// The hook sources after hooks.d on the directories the settings in force name, and the runner
/// that loads and watches them. When a drop-in configuration names other directories the sources
/// start over there: the new ones are loaded and published before the old ones stop being watched.
/// </summary>
internal sealed class ConfiguredHookSources : IDisposable
{
    private readonly WorkerSupervisor worker;
    private readonly SemaphoreSlim applying = new(1, 1);
    private HookSourceSet sources;

    public ConfiguredHookSources(PluginSettings settings, WorkerSupervisor worker, TimeProvider time, ILoggerFactory loggerFactory, HookInjectorMetrics? metrics = null)
    {
        this.worker = worker;
        var directories = HookSourceDirectories.Of(settings);
        sources = new HookSourceSet(directories, worker);
        Runner = new HookSourcesRunner(sources.Definitions, directories.Watch, time, loggerFactory.CreateLogger<HookSourcesRunner>(), metrics);
    }

    public HookSourcesRunner Runner { get; }

    public HookSourceDirectories Directories => sources.Directories;

    /// <summary>Moves the sources to the directories <paramref name="settings"/> name, when they differ from those in use.</summary>
    public async Task ApplyAsync(PluginSettings settings, CancellationToken cancellationToken)
    {
        await applying.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            worker.UseLaunch(WorkerLaunch.Resolve(settings.WorkerPath));
            var directories = HookSourceDirectories.Of(settings);
            if (directories == sources.Directories)
            {
                return;
            }
            var next = new HookSourceSet(directories, worker);
            await Runner.SwitchAsync(next.Definitions, directories.Watch, cancellationToken).ConfigureAwait(false);
            sources = next;
        }
        finally
        {
            applying.Release();
        }
    }

    public void Dispose() => applying.Dispose();
}
