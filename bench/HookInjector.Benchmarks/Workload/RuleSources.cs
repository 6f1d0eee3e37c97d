using HookInjector.Host.Injection;
using HookInjector.Host.Injection.Isolation;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Rules.Yaml;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Benchmarks.Workload;

/// <summary>
/// The source pipeline as the plugin wires it, with only the YAML rules source (no scripts, no
/// extensions), loaded once and not watched.
/// </summary>
internal sealed class RuleSources : IAsyncDisposable
{
    private readonly HookSourcesRunner _runner;

    private RuleSources(HookSourcesRunner runner)
    {
        _runner = runner;
        Pipeline = new SourcePipeline(runner, new IsolationCounters(), NullLogger<SourcePipeline>.Instance);
    }

    public SourcePipeline Pipeline { get; }

    /// <param name="rulesDirectory">The rules directory, or null for a pipeline without sources.</param>
    public static async Task<RuleSources> StartAsync(string? rulesDirectory)
    {
        HookSourceDefinition[] definitions = rulesDirectory is null ? [] : [new("rules", rulesDirectory, _ => YamlRuleSource.Load(rulesDirectory))];
        var runner = new HookSourcesRunner(definitions, watch: false, TimeProvider.System, NullLogger<HookSourcesRunner>.Instance);
        await runner.StartAsync(CancellationToken.None);
        return new RuleSources(runner);
    }

    public async ValueTask DisposeAsync()
    {
        await _runner.StopAsync(CancellationToken.None);
        _runner.Dispose();
    }
}
