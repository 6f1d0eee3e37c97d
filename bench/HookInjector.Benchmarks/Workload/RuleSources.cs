using HookInjector.Host.Injection;
using HookInjector.Host.Injection.Isolation;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Rules.Scripts;
using HookInjector.Host.Rules.Yaml;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Benchmarks.Workload;

/// <summary>
/// The source pipeline as the plugin wires it, with the YAML rules source and, when given a
/// script cache, the rule scripts source (no extensions), loaded once and not watched.
/// </summary>
internal sealed class RuleSources : IAsyncDisposable
{
    private readonly HookSourcesRunner _runner;
    private readonly ScriptSource? _scripts;

    private RuleSources(HookSourcesRunner runner, ScriptSource? scripts)
    {
        _runner = runner;
        _scripts = scripts;
        Pipeline = new SourcePipeline(runner, new IsolationCounters(), NullLogger<SourcePipeline>.Instance);
    }

    public SourcePipeline Pipeline { get; }

    public PipelineSnapshot Current => _runner.Current;

    /// <param name="rulesDirectory">The rules directory, or null for a pipeline without sources.</param>
    /// <param name="scriptCacheDirectory">The compiled scripts' cache; null leaves the scripts out.</param>
    public static async Task<RuleSources> StartAsync(string? rulesDirectory, string? scriptCacheDirectory = null)
    {
        var scripts = rulesDirectory is null || scriptCacheDirectory is null ? null : RuleScripts.NewSource(rulesDirectory, scriptCacheDirectory);
        List<HookSourceDefinition> definitions = [];
        if (rulesDirectory is not null)
        {
            definitions.Add(new("rules", rulesDirectory, cancellationToken => YamlRuleSource.Load(rulesDirectory, cancellationToken)));
        }
        if (scripts is not null)
        {
            definitions.Add(new("scripts", rulesDirectory!, scripts.Load));
        }
        var runner = new HookSourcesRunner(definitions, watch: false, TimeProvider.System, NullLogger<HookSourcesRunner>.Instance);
        await runner.StartAsync(CancellationToken.None);
        return new RuleSources(runner, scripts);
    }

    public async ValueTask DisposeAsync()
    {
        await _runner.StopAsync(CancellationToken.None);
        _runner.Dispose();
        _scripts?.Dispose();
    }
}
