using HookInjector.Abstractions;
using HookInjector.Host.Configuration;
using HookInjector.Host.Injection;
using HookInjector.Host.State;
using HookInjector.Host.Worker;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Benchmarks.Workload;

/// <summary>
/// The plugin's state as its <see cref="StateManager"/> loads it, over a hooks.d directory, a rules
/// directory and, when given a script cache, the rule scripts in a real worker process (the
/// published worker beside this build), loaded once and not watched; with the plugin's CreateContainer
/// handler over it.
/// </summary>
internal sealed class LoadedState : IAsyncDisposable
{
    private readonly StateManager manager;
    private readonly WorkerSupervisor? worker;

    private LoadedState(StateManager manager, WorkerSupervisor? worker)
    {
        this.manager = manager;
        this.worker = worker;
        Adjuster = new HookInjectionAdjuster(() => manager.Current, worker, NullLogger<HookInjectionAdjuster>.Instance);
    }

    public PluginState Current => this.manager.Current;

    public HookInjectionAdjuster Adjuster { get; }

    /// <param name="hooksDirectory">The hooks.d directory, or null for none.</param>
    /// <param name="rulesDirectory">The rules directory, or null for none.</param>
    /// <param name="scriptCacheDirectory">The compiled scripts' cache; null leaves the scripts out.</param>
    public static async Task<LoadedState> StartAsync(string? hooksDirectory, string? rulesDirectory, string? scriptCacheDirectory = null)
    {
        var worker = rulesDirectory is null || scriptCacheDirectory is null
            ? null
            : new WorkerSupervisor(WorkerLaunch.Resolve(null), NullLoggerFactory.Instance, TimeProvider.System);
        var empty = Path.Join(Path.GetTempPath(), "hook-injector-bench-none");
        var settings = new PluginSettings
        {
            HooksDirs = hooksDirectory is null ? [] : [hooksDirectory],
            RulesDir = rulesDirectory ?? empty,
            ScriptCacheDir = scriptCacheDirectory ?? empty,
            ExtensionsDir = empty,
            DisableWatch = true,
        };
        var manager = new StateManager(settings, worker, TimeProvider.System, NullLoggerFactory.Instance);
        await manager.StartAsync(CancellationToken.None);
        return new LoadedState(manager, worker);
    }

    /// <summary>The decision for a container, as the plugin makes it.</summary>
    public async Task<InjectionPlan> DecideAsync(ContainerContext context) =>
        (await ContainerDecision.DecideAsync(Current, this.worker, context, createContainerRequest: null, existing: null, trace: false, HookInjectionAdjuster.WorkerBudget, CancellationToken.None)).Plan;

    public async ValueTask DisposeAsync()
    {
        await this.manager.DisposeAsync();
        if (this.worker is not null)
        {
            await this.worker.DisposeAsync();
        }
    }
}
