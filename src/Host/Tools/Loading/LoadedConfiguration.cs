using System.Collections.Immutable;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.OciHooks.Selection;
using HookInjector.Host.Worker;

namespace HookInjector.Host.Tools.Loading;

/// <summary>
/// Everything loaded from the hook sources, in the plugin's pipeline order, and every problem met.
/// Owns the worker that loaded the scripts and extensions, if one was needed: dispose it when done.
/// </summary>
internal sealed class LoadedConfiguration(
    HookCatalog hooks,
    PipelineSnapshot sources,
    ImmutableArray<ToolProblem> problems,
    WorkerSupervisor? worker) : IAsyncDisposable
{
    /// <summary>The hooks.d hook files that loaded, in evaluation order.</summary>
    public HookCatalog Hooks => hooks;

    /// <summary>Rules, scripts and extensions, in that order, as the plugin's pipeline holds them.</summary>
    public PipelineSnapshot Sources => sources;

    public ImmutableArray<ToolProblem> Problems => problems;

    public SourceSnapshot Rules => sources.Sources[0];

    public SourceSnapshot Scripts => sources.Sources[1];

    public SourceSnapshot Extensions => sources.Sources[2];

    /// <summary>The worker holding the scripts and extensions; null when there were none.</summary>
    public WorkerSupervisor? Worker => worker;

    public async ValueTask DisposeAsync()
    {
        if (worker is not null)
        {
            await worker.DisposeAsync().ConfigureAwait(false);
        }
    }
}
