using System.Diagnostics;
using HookInjector.Benchmarks.Workload;
using static System.FormattableString;

namespace HookInjector.Benchmarks.Loading;

/// <summary>
/// What a loaded hooks.d catalog keeps in memory, which BenchmarkDotNet does not report: the managed
/// heap after a forced full collection, with the catalog alive, minus the heap before the load.
/// Also the time and allocation of that first (cold) load and of a second (warm) one. Run with
/// <c>-- retained [file counts…]</c>.
/// </summary>
internal static class RetainedMemoryProbe
{
    public static void Run(IEnumerable<int> fileCounts)
    {
        Console.WriteLine("| Hook files | Cold load | Warm load | Allocated (warm) | Retained by the catalog | Per file |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var files in fileCounts)
        {
            using var directory = HooksDirectory.Create(files);
            var (cold, _, _) = Measure(directory, files);
            var (warm, allocated, retained) = Measure(directory, files);
            Console.WriteLine(Invariant($"| {files} | {cold.TotalMilliseconds:F1} ms | {warm.TotalMilliseconds:F1} ms | {allocated / 1024.0:F0} KB | {retained / 1024.0:F0} KB | {retained / (double)files:F0} B |"));
        }
    }

    private static (TimeSpan Elapsed, long Allocated, long Retained) Measure(HooksDirectory directory, int files)
    {
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        var catalog = directory.LoadCatalog(files);
        var elapsed = stopwatch.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var retained = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        GC.KeepAlive(catalog);
        return (elapsed, allocated, retained);
    }
}
