using System.Globalization;
using System.Runtime.Versioning;
using HookInjector.Host.Configuration;
using HookInjector.Host.Metrics.Exposition;
using HookInjector.Host.State;
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

    private async Task<StateManager> StartedAsync(bool watch)
    {
        var settings = new PluginSettings
        {
            HooksDirs = [temp.CreateDirectory("hooks.d")],
            RulesDir = temp.CreateDirectory("rules.d"),
            ExtensionsDir = temp.Combine("extensions"),
            DisableWatch = !watch,
        };
        var manager = new StateManager(settings, worker: null, TimeProvider.System, NullLoggerFactory.Instance, probe.Metrics,
            new ReloadTiming(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100)));
        await manager.StartAsync(CancellationToken.None);
        return manager;
    }

    [Fact]
    public async Task AnInvalidHookFileAtStartUpIsAProblemUntilAReloadLeavesItOut()
    {
        var broken = temp.Write("hooks.d/broken.json", "{not json");
        Assert.Equal("not registered with the runtime; not loaded yet: hooks.d, rules, scripts, extensions", probe.Metrics.Health.Readiness().Reason);

        await using var manager = await StartedAsync(watch: true);

        Assert.Equal("1", probe.Sample("hook_injector_source_problems{source=\"hooks.d\"}"));
        Assert.Equal("not registered with the runtime", probe.Metrics.Health.Readiness().Reason);
        File.Delete(broken);
        await Eventually.True(() => probe.Sample("hook_injector_source_problems{source=\"hooks.d\"}") == "0", "a reload without the invalid file");
    }

    [Fact]
    public async Task EachSourceReportsTheProblemsOfTheStateInForce()
    {
        temp.Write("rules.d/a.yaml", "- name: [");
        temp.Write("rules.d/b.yaml", "- nme: b");

        await using var manager = await StartedAsync(watch: false);

        var rules = manager.Current.Sources.Sources[PluginState.Rules].Problems.Length;
        Assert.True(rules >= 2, $"each broken rule file is a problem: {rules}");
        Assert.Equal(rules.ToString(CultureInfo.InvariantCulture), probe.Sample("hook_injector_source_problems{source=\"rules\"}"));
        Assert.Equal("0", probe.Sample("hook_injector_source_problems{source=\"hooks.d\"}"));
        Assert.Equal("0", probe.Sample("hook_injector_source_problems{source=\"scripts\"}"));
        Assert.Equal("0", probe.Sample("hook_injector_source_problems{source=\"extensions\"}"));
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
