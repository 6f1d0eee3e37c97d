using BenchmarkDotNet.Attributes;
using HookInjector.Benchmarks.Workload;
using HookInjector.Host.Configuration;
using HookInjector.Host.Injection;
using HookInjector.Host.Injection.Isolation;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Nri.Api;
using HookInjector.Host.OciHooks.Watching;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Benchmarks.Injection;

/// <summary>
/// The plugin's whole CreateContainer decision without the transport: the NRI pod and container
/// turned into a context, hooks.d selection, de-duplication against the container's hooks, and the
/// NRI adjustment, with a catalog of 10, 100 or 1 000 hook files loaded as at start-up.
/// Logging is off, so the figures leave out the one Information line per container.
/// </summary>
[Config(typeof(ShortPercentilesConfig))]
[MemoryDiagnoser]
public class CreateContainerAdjustBenchmarks
{
    private HooksDirectory _directory = null!;
    private HookCatalogRunner _hooksDirectories = null!;
    private HookInjectionAdjuster _adjuster = null!;
    private PodSandbox _pod = null!;
    private Container _container = null!;

    [Params(10, 100, 1000)]
    public int HookFiles { get; set; }

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _directory = HooksDirectory.Create(HookFiles);
        var settings = new PluginSettings { HooksDirs = [_directory.Path], DisableWatch = true };
        _hooksDirectories = new HookCatalogRunner(settings.ToOciHooksOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        await _hooksDirectories.StartAsync(CancellationToken.None);
        if (_hooksDirectories.Current.Hooks.Count != HookFiles)
        {
            throw new InvalidOperationException($"loaded {_hooksDirectories.Current.Hooks.Count} of {HookFiles} hooks");
        }
        // No rule, script or extension: the cost of hooks.d plus the pipeline around it.
        var sources = new SourcePipeline(
            new HookSourcesRunner([], watch: false, TimeProvider.System, NullLogger<HookSourcesRunner>.Instance),
            new IsolationCounters(),
            NullLogger<SourcePipeline>.Instance);
        _adjuster = new HookInjectionAdjuster(_hooksDirectories, sources, new CurrentSettings(settings), NullLogger<HookInjectionAdjuster>.Instance);
        _pod = KubernetesContainer.Pod();
        _container = KubernetesContainer.Container();
    }

    [Benchmark]
    public ContainerAdjustment? Adjust() => _adjuster.Adjust(_pod, _container, CancellationToken.None);

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        await _hooksDirectories.StopAsync(CancellationToken.None);
        _hooksDirectories.Dispose();
        _directory.Dispose();
    }
}
