using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using HookInjector.Benchmarks.Transport;

// The generated project is built while other builds share a 2-core machine; the default two
// minutes are not always enough there.
var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10));
BenchmarkSwitcher.FromAssembly(typeof(RoundTripBenchmarks).Assembly).Run(args, config);
