using BenchmarkDotNet.Attributes;
using HookInjector.Benchmarks.Workload;
using HookInjector.Host.Configuration;
using HookInjector.Host.Injection;
using HookInjector.Host.Nri.Api;
using HookInjector.Host.OciHooks.Watching;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Benchmarks.Injection;

/// <summary>
/// The plugin's whole CreateContainer decision without the transport: the NRI pod and container
/// turned into a context, hooks.d selection from 10, 100 or 1 000 hook files, the YAML rules (none,
/// or 100) through the source pipeline, de-duplication against the container's hooks, and the NRI
/// adjustment. Sources are loaded as at start-up and not watched. Logging is off, so the figures
/// leave out the one Information line per container.
/// </summary>
[Config(typeof(ShortPercentilesConfig))]
[MemoryDiagnoser]
public class CreateContainerAdjustBenchmarks
{
    private HooksDirectory _hooks = null!;
    private RulesDirectory? _rules;
    private HookCatalogRunner _hooksDirectories = null!;
    private RuleSources _sources = null!;
    private HookInjectionAdjuster _adjuster = null!;
    private PodSandbox _pod = null!;
    private Container _container = null!;

    [Params(10, 100, 1000)]
    public int HookFiles { get; set; }

    [Params(0, 100)]
    public int YamlRules { get; set; }

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _hooks = HooksDirectory.Create(HookFiles);
        _rules = YamlRules > 0 ? RulesDirectory.Create(YamlRules) : null;
        var settings = new PluginSettings { HooksDirs = [_hooks.Path], DisableWatch = true };
        _hooksDirectories = new HookCatalogRunner(settings.ToOciHooksOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        await _hooksDirectories.StartAsync(CancellationToken.None);
        _sources = await RuleSources.StartAsync(_rules?.Path);
        _adjuster = new HookInjectionAdjuster(_hooksDirectories, _sources.Pipeline, new CurrentSettings(settings), NullLogger<HookInjectionAdjuster>.Instance);
        _pod = KubernetesContainer.Pod();
        _container = KubernetesContainer.Container();

        if (_hooksDirectories.Current.Hooks.Count != HookFiles)
        {
            throw new InvalidOperationException($"loaded {_hooksDirectories.Current.Hooks.Count} of {HookFiles} hook files");
        }
        if (await Adjust() is null)
        {
            throw new InvalidOperationException("nothing was injected");
        }
    }

    [Benchmark]
    public ValueTask<ContainerAdjustment?> Adjust() => _adjuster.AdjustAsync(_pod, _container, CancellationToken.None);

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        await _sources.DisposeAsync();
        await _hooksDirectories.StopAsync(CancellationToken.None);
        _hooksDirectories.Dispose();
        _hooks.Dispose();
        _rules?.Dispose();
    }
}
