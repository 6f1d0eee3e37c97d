using BenchmarkDotNet.Attributes;
using HookInjector.Benchmarks.Workload;
using HookInjector.Host.Injection;
using HookInjector.Host.Nri.Api;

namespace HookInjector.Benchmarks.Injection;

/// <summary>
/// The whole CreateContainer decision, as in <see cref="CreateContainerAdjustBenchmarks"/>, for a
/// node with 10 hook files and 100 YAML rules: without scripts, and with the 20 C# rule scripts of
/// <see cref="RuleScripts"/> in the same rules directory, run by a real worker process: the
/// difference is the worker round trip per container. Logging is off.
/// </summary>
[Config(typeof(ShortPercentilesConfig))]
[MemoryDiagnoser]
public class ScriptedCreateContainerAdjustBenchmarks
{
    private const int HookFiles = 10;
    private const int YamlRules = 100;

    private HooksDirectory _hooks = null!;
    private RulesDirectory _rules = null!;
    private RulesDirectory _rulesAndScripts = null!;
    private DirectoryInfo _cache = null!;
    private LoadedState _rulesOnly = null!;
    private LoadedState _scripted = null!;
    private PodSandbox _pod = null!;
    private Container _container = null!;

    [Params(20)]
    public int Scripts { get; set; }

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _hooks = HooksDirectory.Create(HookFiles);
        _rules = RulesDirectory.Create(YamlRules);
        _rulesAndScripts = RulesDirectory.Create(YamlRules);
        RuleScripts.Write(_rulesAndScripts.Path, Scripts);
        _cache = Directory.CreateTempSubdirectory("hook-injector-bench-cache-");
        _rulesOnly = await LoadedState.StartAsync(_hooks.Path, _rules.Path);
        _scripted = await LoadedState.StartAsync(_hooks.Path, _rulesAndScripts.Path, _cache.FullName);
        _pod = KubernetesContainer.Pod();
        _container = KubernetesContainer.Container();

        var loaded = _scripted.Current.Sources.Matchers.Length + _scripted.Current.Sources.WorkerCalls.Length;
        if (loaded != YamlRules + Scripts)
        {
            throw new InvalidOperationException($"loaded {loaded} of {YamlRules + Scripts} rules and scripts");
        }
        var withoutScripts = (await WithoutScripts())?.Hooks.CreateRuntime.Count ?? 0;
        var withScripts = (await WithScripts())?.Hooks.CreateRuntime.Count ?? 0;
        if (withScripts - withoutScripts != RuleScripts.Matching(Scripts))
        {
            throw new InvalidOperationException($"the scripts added {withScripts - withoutScripts} createRuntime hooks, expected {RuleScripts.Matching(Scripts)}");
        }
    }

    [Benchmark(Baseline = true)]
    public ValueTask<ContainerAdjustment?> WithoutScripts() => _rulesOnly.Adjuster.AdjustAsync(_pod, _container, CancellationToken.None);

    [Benchmark]
    public ValueTask<ContainerAdjustment?> WithScripts() => _scripted.Adjuster.AdjustAsync(_pod, _container, CancellationToken.None);

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        await _rulesOnly.DisposeAsync();
        await _scripted.DisposeAsync();
        _hooks.Dispose();
        _rules.Dispose();
        _rulesAndScripts.Dispose();
        _cache.Delete(recursive: true);
    }
}
