using System.Collections.Immutable;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.OciHooks.Selection;
using HookInjector.Host.State;
using HookInjector.Host.Worker;

namespace HookInjector.Host.Tools.Loading;

/// <summary>
/// Everything loaded from the hook sources, in the plugin's pipeline order, and every problem met.
/// Owns the worker that loaded the scripts and extensions, if one was needed: dispose it when done.
/// </summary>
internal sealed class LoadedConfiguration(
    PluginState state,
    ImmutableArray<ToolProblem> problems,
    WorkerSupervisor? worker) : IAsyncDisposable
{
    /// <summary>What the plugin would hold: the same state type its decision reads.</summary>
    public PluginState State => state;

    /// <summary>The hooks.d hook files that loaded, in evaluation order.</summary>
    public HookCatalog Hooks => state.Hooks;

    public ImmutableArray<ToolProblem> Problems => problems;

    public SourceSnapshot Rules => state.Sources.Sources[PluginState.Rules];

    public SourceSnapshot Scripts => state.Sources.Sources[PluginState.Scripts];

    public SourceSnapshot Extensions => state.Sources.Sources[PluginState.Extensions];

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
