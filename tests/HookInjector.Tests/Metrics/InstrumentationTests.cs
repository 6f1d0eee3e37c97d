using System.Collections.Immutable;
using System.Runtime.Versioning;
using HookInjector.Abstractions;
using HookInjector.Host.Configuration;
using HookInjector.Host.Injection;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Metrics;
using HookInjector.Host.Nri.Api;
using HookInjector.Host.State;
using HookInjector.Host.Transport.Ttrpc;
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

    private async Task<StateManager> StartedAsync(PluginSettings settings)
    {
        var manager = new StateManager(settings, worker: null, TimeProvider.System, NullLoggerFactory.Instance, probe.Metrics,
            new ReloadTiming(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(100)));
        await manager.StartAsync(CancellationToken.None);
        return manager;
    }

    private PluginSettings Settings(bool watch = false) => new()
    {
        HooksDirs = [temp.CreateDirectory("hooks.d")],
        RulesDir = temp.CreateDirectory("rules.d"),
        ExtensionsDir = temp.Combine("extensions"),
        DisableWatch = !watch,
    };

    private static ContainerContext Context() => new() { Pod = new PodInfo { Name = "p", Namespace = "default" }, Container = new ContainerInfo { Name = "c" } };

    [Fact]
    public async Task TheAdjusterCountsContainersTheirTimeAndTheHooksOfEachSource()
    {
        temp.Write("hooks.d/a.json", ValidHook("a"));
        await using var manager = await StartedAsync(Settings());
        var rule = new MatcherEntry(new HookOrigin(HookSourceKind.Rule, "trace"), new Matcher(hooks => hooks.Add(HookStage.Poststart, new OciHook("/usr/bin/trace"))));
        var state = manager.Current with { Sources = manager.Current.Sources.WithSource(PluginState.Rules, new SourceSnapshot([rule], [], [])) };
        var adjuster = new HookInjectionAdjuster(() => state, worker: null, NullLogger<HookInjectionAdjuster>.Instance, probe.Metrics);

        var pod = new PodSandbox { Name = "p", Namespace = "default" };
        Assert.NotNull((await adjuster.AdjustAsync(pod, new Container { Name = "one" }, request: null, CancellationToken.None)));
        Assert.NotNull((await adjuster.AdjustAsync(pod, new Container { Name = "two" }, request: null, CancellationToken.None)));

        Assert.Equal("2", probe.Sample("hook_injector_containers_total"));
        Assert.Equal("4", probe.Sample("hook_injector_hooks_injected_total{source=\"hooks.d\"}"));
        Assert.Equal("2", probe.Sample("hook_injector_hooks_injected_total{source=\"rules\"}"));
        Assert.Equal("2", probe.Sample("hook_injector_create_container_duration_seconds_count"));
    }

    [Fact]
    public async Task AContainerThatFailsIsCountedAndTimedToo()
    {
        temp.Write("hooks.d/a.json", """{"version":"1.0.0","hook":{"path":"/bin/sh"},"when":{"commands":["sh"]},"stages":["prestart"]}""");
        await using var manager = await StartedAsync(Settings() with { Strict = true });
        var adjuster = new HookInjectionAdjuster(() => manager.Current, worker: null, NullLogger<HookInjectionAdjuster>.Instance, probe.Metrics);

        await Assert.ThrowsAsync<TtrpcException>(async () => await adjuster.AdjustAsync(new PodSandbox(), new Container(), request: null, CancellationToken.None));

        Assert.Equal("1", probe.Sample("hook_injector_containers_total"));
        Assert.Equal("1", probe.Sample("hook_injector_create_container_duration_seconds_count"));
    }

    [Fact]
    public async Task AThrowingRuleIsCountedAsAnException()
    {
        await using var manager = await StartedAsync(Settings());
        var broken = new MatcherEntry(new HookOrigin(HookSourceKind.Rule, "broken"), new Matcher(_ => throw new InvalidOperationException("boom")));
        var state = manager.Current with { Sources = manager.Current.Sources.WithSource(PluginState.Rules, new SourceSnapshot([broken], [], [])) };
        var adjuster = new HookInjectionAdjuster(() => state, worker: null, NullLogger<HookInjectionAdjuster>.Instance, probe.Metrics);

        await adjuster.AdjustAsync(new PodSandbox { Name = "p" }, new Container { Name = "c" }, request: null, CancellationToken.None);
        await adjuster.AdjustAsync(new PodSandbox { Name = "p" }, new Container { Name = "c" }, request: null, CancellationToken.None);

        Assert.Equal("2", probe.Sample("hook_injector_source_failures_total{source=\"rules\",name=\"broken\",result=\"exception\"}"));
    }

    [Fact]
    public async Task RuleReloadsAndReloadsWithProblemsAreCounted()
    {
        await using var manager = await StartedAsync(Settings(watch: true));
        var directory = manager.Current.Settings.RulesDir;
        await Eventually.True(() =>
        {
            // Keep changing the directory until the watch (which starts in the background) reports it.
            File.WriteAllText(Path.Combine(directory, "bad.yaml"), "- name: [");
            return probe.Sample("hook_injector_reload_errors_total{source=\"rules\"}") is not null;
        }, "a reload of the rules");
        Assert.NotNull(probe.Sample("hook_injector_reloads_total{source=\"rules\"}"));
    }

    [Fact]
    public async Task HooksDirectoryReloadsAndReloadsWithInvalidFilesAreCounted()
    {
        await using var manager = await StartedAsync(Settings(watch: true));
        var directory = manager.Current.Settings.HooksDirs[0];
        Assert.Null(probe.Sample("hook_injector_reload_errors_total{source=\"hooks.d\"}"));
        await Eventually.True(() =>
        {
            File.WriteAllText(Path.Combine(directory, "broken.json"), "{not json");
            return probe.Sample("hook_injector_reload_errors_total{source=\"hooks.d\"}") is not null;
        }, "a reload that meets the invalid file");
        Assert.NotNull(probe.Sample("hook_injector_reloads_total{source=\"hooks.d\"}"));
    }

    [Fact]
    public async Task UntrustedFilesAreCountedBySourceWhetherRefusedOrOnlyWarnedAbout()
    {
        var hookFile = temp.Write("hooks.d/a.json", ValidHook("a"));
        File.SetUnixFileMode(hookFile, (UnixFileMode)0x1B6);
        var ruleFile = temp.Write("rules.d/r.yaml", "- name: r\n  hooks: [{stage: createRuntime, path: /bin/r}]\n");
        File.SetUnixFileMode(ruleFile, (UnixFileMode)0x1B6);

        await using var manager = await StartedAsync(Settings());

        Assert.Equal("1", probe.Sample("hook_injector_untrusted_files_total{source=\"hooks.d\"}"));
        Assert.Equal("1", probe.Sample("hook_injector_untrusted_files_total{source=\"rules\"}"));
    }
}
