using BenchmarkDotNet.Attributes;
using HookInjector.Abstractions;
using HookInjector.Benchmarks.Workload;
using HookInjector.Host.Injection.Nri;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Rules.Scripts;

namespace HookInjector.Benchmarks.Selection;

/// <summary>
/// Offering one container to 20 compiled C# rule scripts: the scripts alone (each run with fresh
/// globals on the caller's thread), the scripts as the plugin runs them, through the source
/// pipeline where each runs on a pool thread within its budget, and the scripts after the 100 YAML
/// rules of <see cref="RulesDirectory"/>, both sources in one pipeline as in the plugin. The
/// scripts are compiled in the setup by the plugin's <see cref="ScriptSource"/>.
/// </summary>
[Config(typeof(ShortPercentilesConfig))]
[MemoryDiagnoser]
public class ScriptRuleSelectionBenchmarks
{
    private const int YamlRules = 100;

    private readonly CountingCollector _collector = new();
    private RulesDirectory _scriptsOnly = null!;
    private RulesDirectory _rulesAndScripts = null!;
    private DirectoryInfo _cache = null!;
    private ScriptSource _source = null!;
    private SourceSnapshot _scripts = null!;
    private LoadedState _scriptPipeline = null!;
    private LoadedState _combinedPipeline = null!;
    private ContainerContext _context = null!;

    [Params(20)]
    public int Scripts { get; set; }

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _scriptsOnly = RulesDirectory.Create(0);
        RuleScripts.Write(_scriptsOnly.Path, Scripts);
        _rulesAndScripts = RulesDirectory.Create(YamlRules);
        RuleScripts.Write(_rulesAndScripts.Path, Scripts);
        _cache = Directory.CreateTempSubdirectory("hook-injector-bench-cache-");
        _source = RuleScripts.NewSource(_scriptsOnly.Path, _cache.FullName);
        _scripts = RuleScripts.Load(_source, Scripts);
        _scriptPipeline = await LoadedState.StartAsync(null, _scriptsOnly.Path, _cache.FullName);
        _combinedPipeline = await LoadedState.StartAsync(null, _rulesAndScripts.Path, _cache.FullName);
        _context = ContainerContextFactory.Create(KubernetesContainer.Pod(), KubernetesContainer.Container());

        var expected = RuleScripts.Matching(Scripts);
        var expectedCombined = expected + RulesDirectory.MatchingRules(YamlRules);
        var loadedCombined = _combinedPipeline.Current.Sources.Matchers.Length + _combinedPipeline.Current.Sources.WorkerCalls.Length;
        if (_source.Compilations != Scripts || loadedCombined != YamlRules + Scripts)
        {
            throw new InvalidOperationException($"compiled {_source.Compilations} of {Scripts} scripts; the combined pipeline has {loadedCombined} matchers");
        }
        var added = AddHooks();
        var planned = (await ScriptsThroughPipeline()).Entries().Count();
        var plannedCombined = (await RulesAndScriptsThroughPipeline()).Entries().Count();
        if (added != expected || planned != expected || plannedCombined != expectedCombined)
        {
            throw new InvalidOperationException($"{added} hooks added, {planned} and {plannedCombined} planned, expected {expected} and {expectedCombined}");
        }
    }

    [Benchmark(Baseline = true)]
    public int AddHooks()
    {
        _collector.Count = 0;
        foreach (var entry in _scripts.Matchers)
        {
            entry.Matcher.AddHooks(_context, _collector, CancellationToken.None);
        }
        return _collector.Count;
    }

    [Benchmark]
    public async Task<InjectionPlan> ScriptsThroughPipeline() => await _scriptPipeline.DecideAsync(_context);

    [Benchmark]
    public async Task<InjectionPlan> RulesAndScriptsThroughPipeline() => await _combinedPipeline.DecideAsync(_context);

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        await _scriptPipeline.DisposeAsync();
        await _combinedPipeline.DisposeAsync();
        _source.Dispose();
        _cache.Delete(recursive: true);
        _scriptsOnly.Dispose();
        _rulesAndScripts.Dispose();
    }
}
