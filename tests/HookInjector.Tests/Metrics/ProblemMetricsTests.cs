using System.Globalization;
using System.Runtime.Versioning;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Metrics.Exposition;
using HookInjector.Host.OciHooks;
using HookInjector.Host.OciHooks.Watching;
using HookInjector.Tests.OciHooks;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.Metrics;

/// <summary>What an alert needs from the first failure on: problems at start-up, every series present at 0, registration, the process.</summary>
[SupportedOSPlatform("linux")]
public sealed class ProblemMetricsTests : IDisposable
{
    private readonly MetricsProbe probe = new();
    private readonly TempDirectory temp = new();

    public void Dispose()
    {
        probe.Dispose();
        temp.Dispose();
    }

    [Theory]
    [InlineData("hook_injector_reloads_total{source=\"hooks.d\"}")]
    [InlineData("hook_injector_reloads_total{source=\"extensions\"}")]
    [InlineData("hook_injector_reload_errors_total{source=\"hooks.d\"}")]
    [InlineData("hook_injector_reload_errors_total{source=\"rules\"}")]
    [InlineData("hook_injector_reload_errors_total{source=\"scripts\"}")]
    [InlineData("hook_injector_reload_errors_total{source=\"extensions\"}")]
    [InlineData("hook_injector_untrusted_files_total{source=\"rules\"}")]
    [InlineData("hook_injector_worker_restarts_total{blamed=\"scripts\"}")]
    [InlineData("hook_injector_worker_restarts_total{blamed=\"extensions\"}")]
    [InlineData("hook_injector_worker_restarts_total{blamed=\"unknown\"}")]
    [InlineData("hook_injector_metrics_rejected_total{reason=\"busy\"}")]
    [InlineData("hook_injector_metrics_rejected_total{reason=\"client_limit\"}")]
    [InlineData("hook_injector_metrics_rejected_total{reason=\"timeout\"}")]
    [InlineData("hook_injector_source_problems{source=\"hooks.d\"}")]
    [InlineData("hook_injector_source_problems{source=\"scripts\"}")]
    [InlineData("hook_injector_registered")]
    public void EverySeriesWhoseLabelsAreKnownStartsAtZero(string series)
    {
        Assert.Null(probe.Sample("hook_injector_reload_errors_total{source=\"rules\"}"));

        probe.Metrics.PublishZeroes();

        Assert.Equal("0", probe.Sample(series));
    }

    [Fact]
    public void ZeroesDoNotResetWhatWasCounted()
    {
        probe.Metrics.Reloaded("rules", failed: true);

        probe.Metrics.PublishZeroes();

        Assert.Equal("1", probe.Sample("hook_injector_reload_errors_total{source=\"rules\"}"));
    }

    [Fact]
    public void RegisteredFollowsTheConnection()
    {
        probe.Metrics.Health.Registered();
        Assert.Equal("1", probe.Sample("hook_injector_registered"));

        probe.Metrics.Health.Disconnected();
        Assert.Equal("0", probe.Sample("hook_injector_registered"));
    }

    [Fact]
    public async Task AnInvalidHookFileAtStartUpIsAProblemUntilAReloadLeavesItOut()
    {
        var directory = temp.CreateDirectory("hooks.d");
        var broken = temp.Write("hooks.d/broken.json", "{not json");
        var options = new OciHooksOptions { Directories = [directory], ReloadQuietPeriod = TimeSpan.FromMilliseconds(50), RewatchInterval = TimeSpan.FromMilliseconds(100) };
        using var runner = new HookCatalogRunner(options, TimeProvider.System, NullLoggerFactory.Instance, probe.Metrics);
        await runner.StartAsync(CancellationToken.None);
        try
        {
            Assert.Equal("1", probe.Sample("hook_injector_source_problems{source=\"hooks.d\"}"));
            Assert.Equal("not registered with the runtime; not loaded yet: rules, scripts, extensions", probe.Metrics.Health.Readiness().Reason);

            File.Delete(broken);
            await Eventually.True(() => probe.Sample("hook_injector_source_problems{source=\"hooks.d\"}") == "0", "a reload without the invalid file");
        }
        finally
        {
            await runner.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task EachSourceReportsTheProblemsOfItsLoadAndASourceThatCannotLoadIsOne()
    {
        var compiling = new SourceSnapshot([], [], [new SourceProblem("a.csx", 1, 1, "does not compile"), new SourceProblem("b.csx", 2, 1, "does not compile")]);
        using var sources = new HookSourcesRunner(
            [
                new HookSourceDefinition("rules", "/nonexistent", _ => SourceSnapshot.Empty),
                new HookSourceDefinition("scripts", "/nonexistent", _ => compiling),
                new HookSourceDefinition("extensions", "/nonexistent", _ => throw new IOException("permission denied")),
            ],
            watch: false, TimeProvider.System, NullLogger<HookSourcesRunner>.Instance, probe.Metrics);

        await sources.StartAsync(CancellationToken.None);
        await sources.StopAsync(CancellationToken.None);

        Assert.Equal("0", probe.Sample("hook_injector_source_problems{source=\"rules\"}"));
        Assert.Equal("2", probe.Sample("hook_injector_source_problems{source=\"scripts\"}"));
        Assert.Equal("1", probe.Sample("hook_injector_source_problems{source=\"extensions\"}"));
        Assert.Equal("not registered with the runtime; not loaded yet: hooks.d", probe.Metrics.Health.Readiness().Reason);
    }

    [Fact]
    public void ReadsTheProcessFiguresFromProc()
    {
        var proc = temp.CreateDirectory("proc");
        temp.Write("proc/self/stat", "4242 (hook (injector)) S 1 4242 4242 0 -1 4194560 900 0 0 0 250 125 0 0 20 0 9 0 123456 1000000 2000 18446744073709551615\n");
        temp.Write("proc/self/statm", "5000 2000 300 1 0 800 0\n");
        temp.Write("proc/stat", "cpu  1 2 3 4\nintr 5\nbtime 1700000000\nprocesses 9\n");

        var sample = ProcessMetrics.Read(proc)!.Value;

        Assert.Equal(2000.0 * Environment.SystemPageSize, sample.ResidentBytes);
        Assert.Equal(3.75, sample.CpuSeconds, precision: 6);
        Assert.Equal(1700001234.56, sample.StartTimeSeconds, precision: 3);
    }

    [Fact]
    public void ReadsNothingWhereProcIsMissing()
    {
        Assert.Null(ProcessMetrics.Read(temp.Combine("no-proc")));
        Assert.Equal("", ProcessMetrics.Text(temp.Combine("no-proc")));
    }

    [Fact]
    public void ScrapesTheProcessMetricsOfThisProcess()
    {
        var text = probe.Collector.Scrape();

        Assert.Contains("# TYPE process_cpu_seconds_total counter\n", text, StringComparison.Ordinal);
        var resident = double.Parse(probe.Sample("process_resident_memory_bytes")!, CultureInfo.InvariantCulture);
        var started = double.Parse(probe.Sample("process_start_time_seconds")!, CultureInfo.InvariantCulture);
        Assert.InRange(resident, 1 << 20, 64L << 30);
        var startedAt = DateTimeOffset.FromUnixTimeMilliseconds((long)(started * 1000));
        var actual = System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime();
        Assert.InRange((startedAt - actual).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(2));
    }
}
