using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using HookInjector.Benchmarks.Injection;
using HookInjector.Benchmarks.Loading;
using HookInjector.Benchmarks.Transport;

if (args is ["retained", .. var fileCounts])
{
    RetainedMemoryProbe.Run(fileCounts.Length == 0 ? [10, 100, 1000] : fileCounts.Select(count => int.Parse(count, CultureInfo.InvariantCulture)));
    return;
}

if (args is ["roundtrip", .. var counts])
{
    int Count(int index, int otherwise) => counts.Length > index ? int.Parse(counts[index], CultureInfo.InvariantCulture) : otherwise;
    await WorkerRoundTripProbe.RunAsync(scripts: Count(0, 20), rounds: Count(1, 5), calls: Count(2, 2_000));
    return;
}

if (args is ["reload", .. var reloadCounts])
{
    int Count(int index, int otherwise) => reloadCounts.Length > index ? int.Parse(reloadCounts[index], CultureInfo.InvariantCulture) : otherwise;
    await ReloadLatencyProbe.RunAsync(hookFiles: Count(0, 10), rounds: Count(1, 20));
    return;
}

// The generated project is built while other builds share a 2-core machine; the default two
// minutes are not always enough there.
var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10));
BenchmarkSwitcher.FromAssembly(typeof(RoundTripBenchmarks).Assembly).Run(args, config);
