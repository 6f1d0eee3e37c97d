using BenchmarkDotNet.Attributes;
using HookInjector.Abstractions;
using HookInjector.Benchmarks.Workload;
using HookInjector.Host.Injection.Nri;
using HookInjector.Host.Injection.Sources;

namespace HookInjector.Benchmarks.Selection;

/// <summary>
/// Offering one container to every compiled YAML rule of a 100-rule rules.d, as the injection
/// pipeline does: each rule checks its conditions and adds its hooks when they all hold.
/// </summary>
[Config(typeof(ShortPercentilesConfig))]
[MemoryDiagnoser]
public class YamlRuleSelectionBenchmarks
{
    private RulesDirectory _directory = null!;
    private SourceSnapshot _rules = null!;
    private ContainerContext _context = null!;
    private readonly CountingCollector _collector = new();

    [Params(100)]
    public int Rules { get; set; }

    [GlobalSetup]
    public void SetUp()
    {
        _directory = RulesDirectory.Create(Rules);
        _rules = _directory.Load(Rules);
        _context = ContainerContextFactory.Create(KubernetesContainer.Pod(), KubernetesContainer.Container());
        var added = AddHooks();
        if (added != RulesDirectory.MatchingRules(Rules))
        {
            throw new InvalidOperationException($"{added} hooks added, expected {RulesDirectory.MatchingRules(Rules)}");
        }
    }

    [Benchmark]
    public int AddHooks()
    {
        _collector.Count = 0;
        foreach (var entry in _rules.Matchers)
        {
            entry.Matcher.AddHooks(_context, _collector, CancellationToken.None);
        }
        return _collector.Count;
    }

    [GlobalCleanup]
    public void CleanUp() => _directory.Dispose();

    /// <summary>Counts the hooks offered, so the benchmark measures the rules and not a plan.</summary>
    private sealed class CountingCollector : IHookCollector
    {
        public int Count { get; set; }

        public void Add(HookStage stage, OciHook hook) => Count++;
    }
}
