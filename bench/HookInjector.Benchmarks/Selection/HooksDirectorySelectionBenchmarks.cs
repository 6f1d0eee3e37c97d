using BenchmarkDotNet.Attributes;
using HookInjector.Abstractions;
using HookInjector.Benchmarks.Workload;
using HookInjector.Host.Injection;
using HookInjector.Host.Injection.Nri;
using HookInjector.Host.OciHooks.Matching;
using HookInjector.Host.OciHooks.Selection;

namespace HookInjector.Benchmarks.Selection;

/// <summary>
/// Choosing the hooks.d hooks of one container from a catalog of 10, 100 or 1 000 files: the
/// matching input built from the container (as on CreateContainer) and then matched, and the
/// matching alone against an input built once.
/// </summary>
[Config(typeof(ShortPercentilesConfig))]
[MemoryDiagnoser]
public class HooksDirectorySelectionBenchmarks
{
    private HooksDirectory directory = null!;
    private HookCatalog catalog = null!;
    private ContainerContext context = null!;
    private bool hasBindMounts;
    private HookMatchInput input = null!;

    [Params(10, 100, 1000)]
    public int HookFiles { get; set; }

    [GlobalSetup]
    public void SetUp()
    {
        directory = HooksDirectory.Create(HookFiles);
        this.catalog = directory.LoadCatalog(HookFiles);
        context = ContainerMessages.ToContext(KubernetesContainer.Pod(), KubernetesContainer.Container());
        hasBindMounts = BindMountDetector.HasBindMounts(context.Container.Mounts, BindMountMode.Requested);
        this.input = HookMatchInput.ForContainer(context.Container.Args, context.Container.Annotations, context.Pod.Annotations, hasBindMounts);

        var matched = this.catalog.Select(this.input).MatchedFileNames.Length;
        if (matched != HooksDirectory.MatchingHooks(HookFiles))
        {
            throw new InvalidOperationException($"{matched} hooks matched, expected {HooksDirectory.MatchingHooks(HookFiles)}");
        }
    }

    [Benchmark]
    public object Select() =>
        this.catalog.Select(HookMatchInput.ForContainer(context.Container.Args, context.Container.Annotations, context.Pod.Annotations, hasBindMounts));

    [Benchmark]
    public object SelectWithPreparedInput() => this.catalog.Select(this.input);

    [GlobalCleanup]
    public void CleanUp() => directory.Dispose();
}
