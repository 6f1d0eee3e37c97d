using BenchmarkDotNet.Attributes;
using HookInjector.Abstractions;
using HookInjector.Benchmarks.Workload;
using HookInjector.Host.Injection;
using HookInjector.Host.Injection.Nri;
using HookInjector.Host.Injection.Sources;

namespace HookInjector.Benchmarks.Selection;

/// <summary>
/// Offering one container to the 100 compiled YAML rules of a rules.d: the rules alone (each checks
/// its conditions and adds its hooks when they all hold), and the rules as the plugin runs them,
/// through the source pipeline with its per-call budget, collector and origin bookkeeping.
/// </summary>
[Config(typeof(ShortPercentilesConfig))]
[MemoryDiagnoser]
public class YamlRuleSelectionBenchmarks
{
    private readonly CountingCollector collector = new();
    private RulesDirectory directory = null!;
    private SourceSnapshot rules = null!;
    private LoadedState sources = null!;
    private ContainerContext context = null!;

    [Params(100)]
    public int Rules { get; set; }

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        directory = RulesDirectory.Create(Rules);
        this.rules = directory.Load(Rules);
        sources = await LoadedState.StartAsync(null, directory.Path);
        context = ContainerMessages.ToContext(KubernetesContainer.Pod(), KubernetesContainer.Container());

        var expected = RulesDirectory.MatchingRules(Rules);
        var added = AddHooks();
        var planned = (await ThroughPipeline()).Entries().Count();
        if (added != expected || planned != expected)
        {
            throw new InvalidOperationException($"{added} hooks added and {planned} planned, expected {expected}");
        }
    }

    [Benchmark(Baseline = true)]
    public int AddHooks()
    {
        this.collector.Count = 0;
        foreach (var entry in this.rules.Matchers)
        {
            entry.Matcher.AddHooks(context, this.collector, CancellationToken.None);
        }
        return this.collector.Count;
    }

    [Benchmark]
    public async Task<InjectionPlan> ThroughPipeline() => await sources.DecideAsync(context);

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        await sources.DisposeAsync();
        directory.Dispose();
    }
}
