using System.Globalization;
using BenchmarkDotNet.Running;
using HookInjector.Benchmarks.Loading;
using HookInjector.Benchmarks.Transport;

if (args is ["retained", .. var fileCounts])
{
    RetainedMemoryProbe.Run(fileCounts.Length == 0 ? [10, 100, 1000] : fileCounts.Select(count => int.Parse(count, CultureInfo.InvariantCulture)));
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(RoundTripBenchmarks).Assembly).Run(args);
