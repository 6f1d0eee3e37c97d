using BenchmarkDotNet.Attributes;
using HookInjector.Abstractions;
using HookInjector.Benchmarks.Workload;
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
    private readonly CountingCollector _collector = new();
    private RulesDirectory _directory = null!;
    private SourceSnapshot _rules = null!;
    private LoadedState _sources = null!;
    private ContainerContext _context = null!;

    [Params(100)]
    public int Rules { get; set; }

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _directory = RulesDirectory.Create(Rules);
        _rules = _directory.Load(Rules);
        _sources = await LoadedState.StartAsync(null, _directory.Path);
        _context = ContainerContextFactory.Create(KubernetesContainer.Pod(), KubernetesContainer.Container());

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
        _collector.Count = 0;
        foreach (var entry in _rules.Matchers)
        {
            entry.Matcher.AddHooks(_context, _collector, CancellationToken.None);
        }
        return _collector.Count;
    }

    [Benchmark]
    public async Task<InjectionPlan> ThroughPipeline() => await _sources.DecideAsync(_context);

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        await _sources.DisposeAsync();
        _directory.Dispose();
    }
}
