using System.Collections.Immutable;
using System.Runtime.Versioning;
using HookInjector.Abstractions;
using HookInjector.Host.Configuration;
using HookInjector.Host.Injection;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Metrics;
using HookInjector.Host.Nri.Api;
using HookInjector.Host.OciHooks;
using HookInjector.Host.OciHooks.Watching;
using HookInjector.Tests.OciHooks;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.Metrics;

/// <summary>The adjuster, the pipeline and the reload runners feed the counters they are meant to.</summary>
[SupportedOSPlatform("linux")]
public sealed class InstrumentationTests : IDisposable
{
    private readonly MetricsProbe probe = new();
    private readonly TempDirectory temp = new();

    public void Dispose()
    {
        probe.Dispose();
        temp.Dispose();
    }

    private static string ValidHook(string arg) =>
        $$"""{"version":"1.0.0","hook":{"path":"{{TestHooks.ExistingPath}}","args":["{{arg}}"]},"when":{"always":true},"stages":["prestart","poststop"]}""";

    private sealed class Matcher(Action<IHookCollector> body) : IHookMatcher
    {
        public string Name => "m";

        public void AddHooks(ContainerContext context, IHookCollector hooks, CancellationToken cancellationToken) => body(hooks);
    }

    private sealed class Refusing : IContainerAdjuster
    {
        public ValueTask<ContainerAdjustment?> AdjustAsync(PodSandbox pod, Container container, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("hook generation failed");
    }

    [Fact]
    public async Task TheAdjusterCountsContainersTheirTimeAndTheHooksOfEachSource()
    {
        temp.Write("hooks.d/a.json", ValidHook("a"));
        var options = new OciHooksOptions { Directories = [temp.Combine("hooks.d")], Watch = false };
        using var hooksDirectory = new HookCatalogRunner(options, TimeProvider.System, NullLoggerFactory.Instance, probe.Metrics);
        await hooksDirectory.StartAsync(CancellationToken.None);
        var rule = new MatcherEntry(new HookOrigin(HookSourceKind.Rule, "trace"), new Matcher(hooks => hooks.Add(HookStage.Poststart, new OciHook("/usr/bin/trace"))));
        var sources = new HookSourcesRunner([new HookSourceDefinition("rules", "/nonexistent", _ => new SourceSnapshot([rule], [], []))], watch: false, TimeProvider.System, NullLogger<HookSourcesRunner>.Instance);
        await sources.StartAsync(CancellationToken.None);
        var pipeline = new SourcePipeline(sources, NullLogger<SourcePipeline>.Instance, metrics: probe.Metrics);
        var inner = new HookInjectionAdjuster(hooksDirectory, pipeline, new CurrentSettings(new PluginSettings()), NullLogger<HookInjectionAdjuster>.Instance, probe.Metrics);
        var adjuster = new MeasuredContainerAdjuster(inner, probe.Metrics);

        var pod = new PodSandbox { Name = "p", Namespace = "default" };
        Assert.NotNull((await adjuster.AdjustAsync(pod, new Container { Name = "one" }, CancellationToken.None)));
        Assert.NotNull((await adjuster.AdjustAsync(pod, new Container { Name = "two" }, CancellationToken.None)));
        await hooksDirectory.StopAsync(CancellationToken.None);

        Assert.Equal("2", probe.Sample("hook_injector_containers_total"));
        Assert.Equal("4", probe.Sample("hook_injector_hooks_injected_total{source=\"hooks.d\"}"));
        Assert.Equal("2", probe.Sample("hook_injector_hooks_injected_total{source=\"rules\"}"));
        Assert.Equal("2", probe.Sample("hook_injector_create_container_duration_seconds_count"));
    }

    [Fact]
    public async Task AContainerThatFailsIsCountedAndTimedToo()
    {
        var adjuster = new MeasuredContainerAdjuster(new Refusing(), probe.Metrics);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await adjuster.AdjustAsync(new PodSandbox(), new Container(), CancellationToken.None));

        Assert.Equal("1", probe.Sample("hook_injector_containers_total"));
        Assert.Equal("1", probe.Sample("hook_injector_create_container_duration_seconds_count"));
    }

    [Fact]
    public async Task ThePipelineCountsAThrowingRuleAsAnException()
    {
        var broken = new MatcherEntry(new HookOrigin(HookSourceKind.Rule, "broken"), new Matcher(_ => throw new InvalidOperationException("boom")));
        var sources = new HookSourcesRunner([new HookSourceDefinition("rules", "/nonexistent", _ => new SourceSnapshot([broken], [], []))], watch: false, TimeProvider.System, NullLogger<HookSourcesRunner>.Instance);
        await sources.StartAsync(CancellationToken.None);
        var pipeline = new SourcePipeline(sources, NullLogger<SourcePipeline>.Instance, metrics: probe.Metrics);
        var context = new ContainerContext { Pod = new PodInfo { Name = "p", Namespace = "default" }, Container = new ContainerInfo { Name = "c" } };

        await pipeline.RunAsync("p/c", context, new InjectionPlan(), CancellationToken.None);
        await pipeline.RunAsync("p/c", context, new InjectionPlan(), CancellationToken.None);

        Assert.Equal("2", probe.Sample("hook_injector_source_failures_total{source=\"rules\",name=\"broken\",result=\"exception\"}"));
    }

    [Fact]
    public async Task TheSourcesRunnerCountsReloadsAndReloadsWithProblems()
    {
        var directory = temp.CreateDirectory("rules.d");
        var loads = 0;
        // The load at start is clean; every reload after it reports a problem.
        SourceSnapshot Load(CancellationToken _) => Interlocked.Increment(ref loads) == 1
            ? SourceSnapshot.Empty
            : new SourceSnapshot([], [], [new SourceProblem("bad.yaml", 1, 1, "broken")]);
        var runner = new HookSourcesRunner([new HookSourceDefinition("rules", directory, Load)], watch: true, TimeProvider.System, NullLogger<HookSourcesRunner>.Instance, probe.Metrics);
        await runner.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.True(() =>
            {
                // Keep changing the directory until the watch (which starts in the background) reports it.
                File.WriteAllText(Path.Combine(directory, "bad.yaml"), "x");
                return probe.Sample("hook_injector_reload_errors_total{source=\"rules\"}") is not null;
            }, "a reload of the rules");
            Assert.Equal(probe.Sample("hook_injector_reloads_total{source=\"rules\"}"), probe.Sample("hook_injector_reload_errors_total{source=\"rules\"}"));
        }
        finally
        {
            await runner.StopAsync(CancellationToken.None);
            runner.Dispose();
        }
    }

    [Fact]
    public async Task TheHooksDirectoryRunnerCountsReloadsAndReloadsWithInvalidFiles()
    {
        var directory = temp.CreateDirectory("hooks.d");
        var options = new OciHooksOptions { Directories = [directory], ReloadQuietPeriod = TimeSpan.FromMilliseconds(50), RewatchInterval = TimeSpan.FromMilliseconds(100) };
        using var runner = new HookCatalogRunner(options, TimeProvider.System, NullLoggerFactory.Instance, probe.Metrics);
        await runner.StartAsync(CancellationToken.None);
        try
        {
            Assert.Null(probe.Sample("hook_injector_reload_errors_total{source=\"hooks.d\"}"));
            await Eventually.True(() =>
            {
                File.WriteAllText(Path.Combine(directory, "broken.json"), "{not json");
                return probe.Sample("hook_injector_reload_errors_total{source=\"hooks.d\"}") is not null;
            }, "a reload that meets the invalid file");
            Assert.NotNull(probe.Sample("hook_injector_reloads_total{source=\"hooks.d\"}"));
        }
        finally
        {
            await runner.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task UntrustedFilesAreCountedBySourceWhetherRefusedOrOnlyWarnedAbout()
    {
        var hookFile = temp.Write("hooks.d/a.json", ValidHook("a"));
        File.SetUnixFileMode(hookFile, (UnixFileMode)0x1B6);
        var options = new OciHooksOptions { Directories = [temp.Combine("hooks.d")], Watch = false };
        using var hooksDirectory = new HookCatalogRunner(options, TimeProvider.System, NullLoggerFactory.Instance, probe.Metrics);
        var snapshot = new SourceSnapshot([], [], [SourceProblem.Untrusted("a.csx", "refused"), new SourceProblem("b.csx", 1, 1, "does not compile")])
        {
            Warnings = [SourceProblem.Untrusted("c.yaml", "loaded all the same")],
        };
        var sources = new HookSourcesRunner([new HookSourceDefinition("scripts", "/nonexistent", _ => snapshot)], watch: false, TimeProvider.System, NullLogger<HookSourcesRunner>.Instance, probe.Metrics);

        await hooksDirectory.StartAsync(CancellationToken.None);
        await sources.StartAsync(CancellationToken.None);
        await hooksDirectory.StopAsync(CancellationToken.None);
        await sources.StopAsync(CancellationToken.None);
        sources.Dispose();

        Assert.Equal("1", probe.Sample("hook_injector_untrusted_files_total{source=\"hooks.d\"}"));
        Assert.Equal("2", probe.Sample("hook_injector_untrusted_files_total{source=\"scripts\"}"));
    }
}
