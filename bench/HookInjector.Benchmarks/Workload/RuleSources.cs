using HookInjector.Host.Injection;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Rules.Yaml;
using HookInjector.Host.Worker;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Benchmarks.Workload;

/// <summary>
/// The source pipeline as the plugin wires it, with the YAML rules source and, when given a
/// script cache, the rule scripts source (no extensions) in a real worker process (this build of
/// hook-injector, which is its own worker), loaded once and not watched.
/// </summary>
internal sealed class RuleSources : IAsyncDisposable
{
    private readonly HookSourcesRunner _runner;
    private readonly WorkerSupervisor? _worker;

    private RuleSources(HookSourcesRunner runner, WorkerSupervisor? worker)
    {
        _runner = runner;
        _worker = worker;
        Pipeline = new SourcePipeline(runner, NullLogger<SourcePipeline>.Instance, worker);
    }

    public SourcePipeline Pipeline { get; }

    public PipelineSnapshot Current => _runner.Current;

    /// <param name="rulesDirectory">The rules directory, or null for a pipeline without sources.</param>
    /// <param name="scriptCacheDirectory">The compiled scripts' cache; null leaves the scripts out.</param>
    public static async Task<RuleSources> StartAsync(string? rulesDirectory, string? scriptCacheDirectory = null)
    {
        var worker = rulesDirectory is null || scriptCacheDirectory is null
            ? null
            : new WorkerSupervisor(WorkerLaunch.Resolve(null), NullLoggerFactory.Instance, TimeProvider.System);
        List<HookSourceDefinition> definitions = [];
        if (rulesDirectory is not null)
        {
            definitions.Add(new("rules", rulesDirectory, cancellationToken => YamlRuleSource.Load(rulesDirectory, cancellationToken)));
        }
        if (worker is not null)
        {
            definitions.Add(new("scripts", rulesDirectory!, cancellationToken => worker.Load(WorkerService.ScriptsSource, rulesDirectory!, scriptCacheDirectory!, true, cancellationToken)));
        }
        var runner = new HookSourcesRunner(definitions, watch: false, TimeProvider.System, NullLogger<HookSourcesRunner>.Instance);
        await runner.StartAsync(CancellationToken.None);
        return new RuleSources(runner, worker);
    }

    public async ValueTask DisposeAsync()
    {
        await _runner.StopAsync(CancellationToken.None);
        _runner.Dispose();
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }
    }
}
