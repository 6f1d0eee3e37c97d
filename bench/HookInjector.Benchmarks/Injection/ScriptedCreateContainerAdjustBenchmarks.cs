using BenchmarkDotNet.Attributes;
using HookInjector.Benchmarks.Workload;
using HookInjector.Host.Configuration;
using HookInjector.Host.Injection;
using HookInjector.Host.Nri.Api;
using HookInjector.Host.OciHooks.Watching;
using Microsoft.Extensions.Logging.Abstractions;

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
    private HookCatalogRunner _hooksDirectories = null!;
    private RuleSources _rulesOnlySources = null!;
    private RuleSources _scriptedSources = null!;
    private HookInjectionAdjuster _rulesOnly = null!;
    private HookInjectionAdjuster _scripted = null!;
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
        var settings = new PluginSettings { HooksDirs = [_hooks.Path], DisableWatch = true };
        _hooksDirectories = new HookCatalogRunner(settings.ToOciHooksOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        await _hooksDirectories.StartAsync(CancellationToken.None);
        _rulesOnlySources = await RuleSources.StartAsync(_rules.Path);
        _scriptedSources = await RuleSources.StartAsync(_rulesAndScripts.Path, _cache.FullName);
        _rulesOnly = new HookInjectionAdjuster(_hooksDirectories, _rulesOnlySources.Pipeline, new CurrentSettings(settings), NullLogger<HookInjectionAdjuster>.Instance);
        _scripted = new HookInjectionAdjuster(_hooksDirectories, _scriptedSources.Pipeline, new CurrentSettings(settings), NullLogger<HookInjectionAdjuster>.Instance);
        _pod = KubernetesContainer.Pod();
        _container = KubernetesContainer.Container();

        var loaded = _scriptedSources.Current.Matchers.Length + _scriptedSources.Current.WorkerCalls.Length;
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
    public ValueTask<ContainerAdjustment?> WithoutScripts() => _rulesOnly.AdjustAsync(_pod, _container, CancellationToken.None);

    [Benchmark]
    public ValueTask<ContainerAdjustment?> WithScripts() => _scripted.AdjustAsync(_pod, _container, CancellationToken.None);

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        await _rulesOnlySources.DisposeAsync();
        await _scriptedSources.DisposeAsync();
        await _hooksDirectories.StopAsync(CancellationToken.None);
        _hooksDirectories.Dispose();
        _hooks.Dispose();
        _rules.Dispose();
        _rulesAndScripts.Dispose();
        _cache.Delete(recursive: true);
    }
}
