using BenchmarkDotNet.Attributes;
using HookInjector.Benchmarks.Workload;
using HookInjector.Host.Injection;
using HookInjector.Host.Nri.Api;

namespace HookInjector.Benchmarks.Injection;

/// <summary>
/// The plugin's whole CreateContainer decision without the transport: the NRI pod and container
/// turned into a context, hooks.d selection from 10, 100 or 1 000 hook files, the YAML rules (none,
/// or 100), de-duplication against the container's hooks, and the NRI
/// adjustment. Sources are loaded as at start-up and not watched. Logging is off, so the figures
/// leave out the one Information line per container.
/// </summary>
[Config(typeof(ShortPercentilesConfig))]
[MemoryDiagnoser]
public class CreateContainerAdjustBenchmarks
{
    private HooksDirectory hooks = null!;
    private RulesDirectory? rules;
    private LoadedState state = null!;
    private PodSandbox pod = null!;
    private Container container = null!;

    [Params(10, 100, 1000)]
    public int HookFiles { get; set; }

    [Params(0, 100)]
    public int YamlRules { get; set; }

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        this.hooks = HooksDirectory.Create(HookFiles);
        this.rules = YamlRules > 0 ? RulesDirectory.Create(YamlRules) : null;
        state = await LoadedState.StartAsync(this.hooks.Path, this.rules?.Path);
        this.pod = KubernetesContainer.Pod();
        this.container = KubernetesContainer.Container();

        if (state.Current.Hooks.Hooks.Count != HookFiles)
        {
            throw new InvalidOperationException($"loaded {state.Current.Hooks.Hooks.Count} of {HookFiles} hook files");
        }
        if (await Adjust() is null)
        {
            throw new InvalidOperationException("nothing was injected");
        }
    }

    [Benchmark]
    public ValueTask<ContainerAdjustment?> Adjust() => state.Adjuster.AdjustAsync(this.pod, this.container, request: null, CancellationToken.None);

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        await state.DisposeAsync();
        this.hooks.Dispose();
        this.rules?.Dispose();
    }
}
