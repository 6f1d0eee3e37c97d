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

    private HooksDirectory hooks = null!;
    private RulesDirectory rules = null!;
    private RulesDirectory rulesAndScripts = null!;
    private DirectoryInfo cache = null!;
    private LoadedState rulesOnly = null!;
    private LoadedState scripted = null!;
    private PodSandbox pod = null!;
    private Container container = null!;
    private Google.Protobuf.ByteString request = Google.Protobuf.ByteString.Empty;

    [Params(20)]
    public int Scripts { get; set; }

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        this.hooks = HooksDirectory.Create(HookFiles);
        this.rules = RulesDirectory.Create(YamlRules);
        rulesAndScripts = RulesDirectory.Create(YamlRules);
        RuleScripts.Write(rulesAndScripts.Path, Scripts);
        this.cache = Directory.CreateTempSubdirectory("hook-injector-bench-cache-");
        rulesOnly = await LoadedState.StartAsync(this.hooks.Path, this.rules.Path);
        scripted = await LoadedState.StartAsync(this.hooks.Path, rulesAndScripts.Path, this.cache.FullName);
        pod = KubernetesContainer.Pod();
        this.container = KubernetesContainer.Container();
        this.request = KubernetesContainer.Request();

        var loaded = scripted.Current.Sources.Matchers.Length + scripted.Current.Sources.WorkerCalls.Length;
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
    public ValueTask<ContainerAdjustment?> WithoutScripts() => rulesOnly.Adjuster.AdjustAsync(pod, this.container, this.request, CancellationToken.None);

    [Benchmark]
    public ValueTask<ContainerAdjustment?> WithScripts() => scripted.Adjuster.AdjustAsync(pod, this.container, this.request, CancellationToken.None);

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        await rulesOnly.DisposeAsync();
        await scripted.DisposeAsync();
        this.hooks.Dispose();
        this.rules.Dispose();
        rulesAndScripts.Dispose();
        this.cache.Delete(recursive: true);
    }
}
