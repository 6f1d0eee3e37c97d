using HookInjector.Abstractions;
using HookInjector.Host.Metrics;

namespace HookInjector.Tests.Metrics;

public sealed class PrometheusTextTests : IDisposable
{
    private readonly MetricsProbe probe = new();

    public void Dispose() => probe.Dispose();

    private static PlannedHook Planned(HookSourceKind kind, string name) => new(new OciHook("/bin/true"), new HookOrigin(kind, name));

    [Fact]
    public void WritesEveryFamilyWithHelpTypeAndSortedSeries()
    {
        var metrics = probe.Metrics;
        metrics.ContainerSeen();
        metrics.ContainerSeen();
        var plan = new InjectionPlan();
        plan.Add(HookStage.Prestart, Planned(HookSourceKind.HooksDirectory, "a.json"));
        plan.Add(HookStage.Poststop, Planned(HookSourceKind.HooksDirectory, "a.json"));
        plan.Add(HookStage.Poststart, Planned(HookSourceKind.Rule, "trace"));
        metrics.HooksInjected(plan);
        metrics.SourceFailed(new HookOrigin(HookSourceKind.Script, "slow.csx"), "not_loaded");
        metrics.SourceFailed(new HookOrigin(HookSourceKind.Extension, "x/\"quoted\""), "exception");
        metrics.Reloaded("rules", failed: true);
        metrics.Reloaded("hooks.d", failed: false);
        metrics.Reloaded("hooks.d", failed: false);
        metrics.UntrustedFilesFound("scripts", 2);
        metrics.UntrustedFilesFound("hooks.d", 0);
        metrics.CreateContainerHandled(TimeSpan.FromTicks(50));
        metrics.CreateContainerHandled(TimeSpan.FromSeconds(0.0625));
        metrics.CreateContainerHandled(TimeSpan.FromSeconds(2));

        var expected = $$"""
            # HELP hook_injector_build_info Always 1; the labels name the running version and build (native: the Native AOT daemon; jit: a build that can load code)
            # TYPE hook_injector_build_info gauge
            hook_injector_build_info{version="{{HookInjectorMetrics.Version}}",build="jit"} 1
            # HELP hook_injector_containers_total CreateContainer requests seen
            # TYPE hook_injector_containers_total counter
            hook_injector_containers_total 2
            # HELP hook_injector_containers_without_worker_total Containers that got no script or extension hooks because the worker could not answer within their budget or they were still loading
            # TYPE hook_injector_containers_without_worker_total counter
            # HELP hook_injector_create_container_duration_seconds Time to decide a container's hooks
            # TYPE hook_injector_create_container_duration_seconds histogram
            hook_injector_create_container_duration_seconds_bucket{le="1e-05"} 1
            hook_injector_create_container_duration_seconds_bucket{le="2.5e-05"} 1
            hook_injector_create_container_duration_seconds_bucket{le="5e-05"} 1
            hook_injector_create_container_duration_seconds_bucket{le="0.0001"} 1
            hook_injector_create_container_duration_seconds_bucket{le="0.00025"} 1
            hook_injector_create_container_duration_seconds_bucket{le="0.0005"} 1
            hook_injector_create_container_duration_seconds_bucket{le="0.001"} 1
            hook_injector_create_container_duration_seconds_bucket{le="0.0025"} 1
            hook_injector_create_container_duration_seconds_bucket{le="0.005"} 1
            hook_injector_create_container_duration_seconds_bucket{le="0.01"} 1
            hook_injector_create_container_duration_seconds_bucket{le="0.025"} 1
            hook_injector_create_container_duration_seconds_bucket{le="0.05"} 1
            hook_injector_create_container_duration_seconds_bucket{le="0.1"} 2
            hook_injector_create_container_duration_seconds_bucket{le="0.25"} 2
            hook_injector_create_container_duration_seconds_bucket{le="0.5"} 2
            hook_injector_create_container_duration_seconds_bucket{le="1"} 2
            hook_injector_create_container_duration_seconds_bucket{le="+Inf"} 3
            hook_injector_create_container_duration_seconds_sum 2.062505
            hook_injector_create_container_duration_seconds_count 3
            # HELP hook_injector_hooks_injected_total Hooks injected into containers, by the source that planned them
            # TYPE hook_injector_hooks_injected_total counter
            hook_injector_hooks_injected_total{source="hooks.d"} 2
            hook_injector_hooks_injected_total{source="rules"} 1
            # HELP hook_injector_metrics_rejected_total Connections to the metrics endpoint closed without an answer, by reason
            # TYPE hook_injector_metrics_rejected_total counter
            # HELP hook_injector_pattern_searches_abandoned_total hooks.d pattern searches cut short by a container's matching budget; each counts as not matching
            # TYPE hook_injector_pattern_searches_abandoned_total counter
            # HELP hook_injector_quarantined Scripts and extensions skipped until their file changes, because they took the worker down
            # TYPE hook_injector_quarantined gauge
            hook_injector_quarantined 0
            # HELP hook_injector_registered 1 while the plugin is registered with the runtime, 0 while it connects or reconnects
            # TYPE hook_injector_registered gauge
            hook_injector_registered 0
            # HELP hook_injector_reload_errors_total Reloads that failed or left out at least one invalid file
            # TYPE hook_injector_reload_errors_total counter
            hook_injector_reload_errors_total{source="rules"} 1
            # HELP hook_injector_reloads_total Reloads of a hook source after its directory changed
            # TYPE hook_injector_reloads_total counter
            hook_injector_reloads_total{source="hooks.d"} 2
            hook_injector_reloads_total{source="rules"} 1
            # HELP hook_injector_source_failures_total Rule, script and extension calls skipped for a container because they threw or were being reloaded
            # TYPE hook_injector_source_failures_total counter
            hook_injector_source_failures_total{source="extensions",name="x/\"quoted\"",result="exception"} 1
            hook_injector_source_failures_total{source="scripts",name="slow.csx",result="not_loaded"} 1
            # HELP hook_injector_source_problems Problems (invalid or refused files, a source that failed to load) in the state of each hook source in force, start-up included
            # TYPE hook_injector_source_problems gauge
            hook_injector_source_problems{source="extensions"} 0
            hook_injector_source_problems{source="hooks.d"} 0
            hook_injector_source_problems{source="rules"} 0
            hook_injector_source_problems{source="scripts"} 0
            # HELP hook_injector_untrusted_files_total Files and directories found writable by others than root or the plugin's user, at each load that met them
            # TYPE hook_injector_untrusted_files_total counter
            hook_injector_untrusted_files_total{source="scripts"} 2
            # HELP hook_injector_worker_restarts_total Worker processes killed after they overran, crashed or exited, by the kind of source blamed (unknown when none could be)
            # TYPE hook_injector_worker_restarts_total counter

            """;
        var scraped = probe.Collector.Scrape();
        // The process metrics follow the instruments; their values are this test process' own.
        Assert.Equal(expected.ReplaceLineEndings("\n"), scraped[..scraped.IndexOf("# HELP process_", StringComparison.Ordinal)]);
    }

    [Fact]
    public void StartsKnownCountersAtZeroWhenAsked()
    {
        probe.Metrics.PublishZeroes();

        Assert.Equal("0", probe.Sample("hook_injector_containers_total"));
        foreach (var source in new[] { "hooks.d", "rules", "scripts", "extensions" })
        {
            Assert.Equal("0", probe.Sample($"hook_injector_hooks_injected_total{{source=\"{source}\"}}"));
        }
    }

    [Fact]
    public void HearsOnlyItsOwnMeter()
    {
        using var other = new MetricsProbe();
        other.Metrics.ContainerSeen();

        Assert.Null(probe.Sample("hook_injector_containers_total"));
        Assert.Equal("1", other.Sample("hook_injector_containers_total"));
    }

    [Fact]
    public void EscapesBackslashesAndNewlinesInLabelValues()
    {
        probe.Metrics.SourceFailed(new HookOrigin(HookSourceKind.Script, "a\\b\nc"), "not_started");

        Assert.Equal("1", probe.Sample("hook_injector_source_failures_total{source=\"scripts\",name=\"a\\\\b\\nc\",result=\"not_started\"}"));
    }
}
