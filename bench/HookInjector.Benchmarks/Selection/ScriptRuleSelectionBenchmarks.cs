using BenchmarkDotNet.Attributes;
using HookInjector.Abstractions;
using HookInjector.Benchmarks.Workload;
using HookInjector.Host.Injection;
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

    private readonly CountingCollector collector = new();
    private RulesDirectory scriptsOnly = null!;
    private RulesDirectory rulesAndScripts = null!;
    private DirectoryInfo cache = null!;
    private ScriptSource source = null!;
    private SourceSnapshot scripts = null!;
    private LoadedState scriptPipeline = null!;
    private LoadedState combinedPipeline = null!;
    private ContainerContext context = null!;

    [Params(20)]
    public int Scripts { get; set; }

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        scriptsOnly = RulesDirectory.Create(0);
        RuleScripts.Write(scriptsOnly.Path, Scripts);
        rulesAndScripts = RulesDirectory.Create(YamlRules);
        RuleScripts.Write(rulesAndScripts.Path, Scripts);
        this.cache = Directory.CreateTempSubdirectory("hook-injector-bench-cache-");
        this.source = RuleScripts.NewSource(scriptsOnly.Path, this.cache.FullName);
        this.scripts = RuleScripts.Load(this.source, Scripts);
        scriptPipeline = await LoadedState.StartAsync(null, scriptsOnly.Path, this.cache.FullName);
        combinedPipeline = await LoadedState.StartAsync(null, rulesAndScripts.Path, this.cache.FullName);
        context = ContainerMessages.ToContext(KubernetesContainer.Pod(), KubernetesContainer.Container());

        var expected = RuleScripts.Matching(Scripts);
        var expectedCombined = expected + RulesDirectory.MatchingRules(YamlRules);
        var loadedCombined = combinedPipeline.Current.Sources.Matchers.Length + combinedPipeline.Current.Sources.WorkerCalls.Length;
        if (this.source.Compilations != Scripts || loadedCombined != YamlRules + Scripts)
        {
            throw new InvalidOperationException($"compiled {this.source.Compilations} of {Scripts} scripts; the combined pipeline has {loadedCombined} matchers");
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
        collector.Count = 0;
        foreach (var entry in this.scripts.Matchers)
        {
            entry.Matcher.AddHooks(context, collector, CancellationToken.None);
        }
        return collector.Count;
    }

    [Benchmark]
    public async Task<InjectionPlan> ScriptsThroughPipeline() => await scriptPipeline.DecideAsync(context);

    [Benchmark]
    public async Task<InjectionPlan> RulesAndScriptsThroughPipeline() => await combinedPipeline.DecideAsync(context);

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        await scriptPipeline.DisposeAsync();
        await combinedPipeline.DisposeAsync();
        this.source.Dispose();
        this.cache.Delete(recursive: true);
        scriptsOnly.Dispose();
        rulesAndScripts.Dispose();
    }
}
