using BenchmarkDotNet.Running;
using HookInjector.Benchmarks.Transport;

BenchmarkSwitcher.FromAssembly(typeof(RoundTripBenchmarks).Assembly).Run(args);
