using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using HookInjector.Benchmarks.Workload;

namespace HookInjector.Benchmarks.Loading;

/// <summary>
/// Reading and compiling a whole hooks.d, as at start-up and on every reload: the time the
/// directory takes to come into effect and the memory it allocates, most of which the catalog
/// keeps (its hooks and compiled patterns). Each iteration is one load.
/// </summary>
[Config(typeof(OneLoadPerIterationConfig))]
[MemoryDiagnoser]
public class HooksDirectoryLoadBenchmarks
{
    private HooksDirectory directory = null!;

    [Params(10, 100, 1000)]
    public int HookFiles { get; set; }

    [GlobalSetup]
    public void SetUp() => this.directory = HooksDirectory.Create(HookFiles);

    [Benchmark]
    public object Load() => this.directory.LoadCatalog(HookFiles);

    [GlobalCleanup]
    public void CleanUp() => this.directory.Dispose();

    private sealed class OneLoadPerIterationConfig : ManualConfig
    {
        public OneLoadPerIterationConfig() =>
            AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5));
    }
}
