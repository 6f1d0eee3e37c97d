using System.Diagnostics;
using System.Globalization;
using HookInjector.E2E.Runtime;
using Xunit.Abstractions;

namespace HookInjector.E2E.Tests;

/// <summary>What every end-to-end test shares: a time limit, diagnostics output and a timing record.</summary>
[Collection(E2ESuite.Name)]
[Trait("Category", "E2E")]
public abstract class E2ETest(ITestOutputHelper output)
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(3);
    private static readonly Lock TimingsLock = new();

    protected ITestOutputHelper Output { get; } = output;

    protected static CancellationTokenSource StartTimeLimit() => new(TestTimeout);

    protected void Report(string line) => Output.WriteLine(line);

    /// <summary>Appends the test's duration and the client-side CreateContainer latencies to artifacts/e2e/timings.tsv.</summary>
    protected void RecordTiming(string test, ContainerdRuntime runtime, Stopwatch elapsed, string? note = null)
    {
        var latencies = string.Join(',', runtime.Cri.CreateContainerLatencies.Select(l => l.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)));
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"{DateTime.UtcNow:O}\t{test}\tcontainerd {runtime.PackageVersion}\t{elapsed.Elapsed.TotalSeconds:0.00}s\tCreateContainer ms: {latencies}\t{note}");
        Output.WriteLine(line);
        lock (TimingsLock)
        {
            Directory.CreateDirectory(RepositoryLayout.ResultsDirectory);
            File.AppendAllLines(Path.Combine(RepositoryLayout.ResultsDirectory, "timings.tsv"), [line]);
        }
    }
}
