using BenchmarkDotNet.Attributes;
using HookInjector.Abstractions;
using HookInjector.Benchmarks.Workload;
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
    private HooksDirectory _directory = null!;
    private HookCatalog _catalog = null!;
    private ContainerContext _context = null!;
    private bool _hasBindMounts;
    private HookMatchInput _input = null!;

    [Params(10, 100, 1000)]
    public int HookFiles { get; set; }

    [GlobalSetup]
    public void SetUp()
    {
        _directory = HooksDirectory.Create(HookFiles);
        _catalog = _directory.LoadCatalog(HookFiles);
        _context = ContainerContextFactory.Create(KubernetesContainer.Pod(), KubernetesContainer.Container());
        _hasBindMounts = BindMountDetector.HasBindMounts(_context.Container.Mounts, BindMountMode.Requested);
        _input = HookMatchInput.ForContainer(_context.Container.Args, _context.Container.Annotations, _context.Pod.Annotations, _hasBindMounts);

        var matched = _catalog.Select(_input).MatchedFileNames.Length;
        if (matched != HooksDirectory.MatchingHooks(HookFiles))
        {
            throw new InvalidOperationException($"{matched} hooks matched, expected {HooksDirectory.MatchingHooks(HookFiles)}");
        }
    }

    [Benchmark]
    public object Select() =>
        _catalog.Select(HookMatchInput.ForContainer(_context.Container.Args, _context.Container.Annotations, _context.Pod.Annotations, _hasBindMounts));

    [Benchmark]
    public object SelectWithPreparedInput() => _catalog.Select(_input);

    [GlobalCleanup]
    public void CleanUp() => _directory.Dispose();
}
