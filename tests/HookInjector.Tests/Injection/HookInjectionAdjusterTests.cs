using HookInjector.Host.Configuration;
using HookInjector.Host.Injection;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Nri.Api;
using HookInjector.Host.OciHooks.Selection;
using HookInjector.Host.State;
using HookInjector.Host.Transport.Ttrpc;
using HookInjector.Abstractions;
using HookInjector.Tests.OciHooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.Injection;

public sealed class HookInjectionAdjusterTests : IAsyncLifetime, IDisposable
{
    private const string HookBinary = "/bin/sh";
    private readonly DirectoryInfo hooksDir = Directory.CreateTempSubdirectory("hook-injector-adjuster-");
    private readonly PodSandbox pod = new() { Name = "demo", Namespace = "default", Annotations = { ["pod-wins"] = "pod" } };
    private StateManager? manager;

    public Task InitializeAsync()
    {
        Write("always-inject.json", """
            {"version":"1.0.0","hook":{"path":"/bin/sh","args":["sh","always"],"env":["A=1"],"timeout":7},"when":{"always":true},"stages":["prestart","poststop"]}
            """);
        Write("busybox-inject.json", """
            {"version":"1.0.0","hook":{"path":"/bin/sh","args":["sh","busybox"]},"when":{"commands":[".*/busybox$"]},"stages":["prestart"]}
            """);
        Write("annotated.json", """
            {"version":"1.0.0","hook":{"path":"/bin/sh","args":["sh","annotated"]},"when":{"annotations":{"^pod-wins$":"^pod$"}},"stages":["poststart"]}
            """);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (manager is not null)
        {
            await manager.DisposeAsync();
        }
        hooksDir.Delete(recursive: true);
    }

    public void Dispose()
    {
    }

    private void Write(string name, string json) => File.WriteAllText(Path.Combine(hooksDir.FullName, name), json);

    private async Task<HookInjectionAdjuster> AdjusterAsync(PluginSettings? settings = null, SourceSnapshot? sourceSnapshot = null, ILogger<HookInjectionAdjuster>? logger = null)
    {
        settings ??= new PluginSettings();
        settings = settings with { HooksDirs = [hooksDir.FullName], DisableWatch = true };
        manager = new StateManager(settings with { RulesDir = "/nonexistent", ExtensionsDir = "/nonexistent" }, worker: null, TimeProvider.System, NullLoggerFactory.Instance);
        await manager.StartAsync(CancellationToken.None);
        var state = sourceSnapshot is null
            ? manager.Current
            : manager.Current with { Sources = manager.Current.Sources.WithSource(PluginState.Rules, sourceSnapshot) };
        return new HookInjectionAdjuster(() => state, worker: null, logger ?? NullLogger<HookInjectionAdjuster>.Instance);
    }

    private static string Describe(ContainerAdjustment? adjustment) => adjustment is null
        ? "none"
        : string.Join(" | ", new[]
        {
            ("prestart", adjustment.Hooks.Prestart), ("createRuntime", adjustment.Hooks.CreateRuntime), ("createContainer", adjustment.Hooks.CreateContainer),
            ("startContainer", adjustment.Hooks.StartContainer), ("poststart", adjustment.Hooks.Poststart), ("poststop", adjustment.Hooks.Poststop),
        }.Where(stage => stage.Item2.Count > 0).Select(stage => $"{stage.Item1}: {string.Join(", ", stage.Item2.Select(hook => hook.Args[1]))}"));

    [Fact]
    public async Task GivesTheUpstreamSamplePodItsHooksInFileNameOrderWithPrestartInCreateRuntime()
    {
        var adjuster = await AdjusterAsync();

        var busybox = (await adjuster.AdjustAsync(pod, new Container { Name = "busybox", Args = { "/bin/busybox", "sh", "-c", "echo busybox" } }, request: null, CancellationToken.None));
        var shell = (await adjuster.AdjustAsync(pod, new Container { Name = "shell", Args = { "sh", "-c", "echo I am a shell" } }, request: null, CancellationToken.None));

        Assert.Equal("createRuntime: always, busybox | poststart: annotated | poststop: always", Describe(busybox));
        Assert.Equal("createRuntime: always | poststart: annotated | poststop: always", Describe(shell));
        var always = busybox!.Hooks.CreateRuntime[0];
        Assert.Equal(HookBinary, always.Path);
        Assert.Equal(["A=1"], always.Env);
        Assert.Equal(7, always.Timeout.Value);
        Assert.Null(busybox.Hooks.CreateRuntime[1].Timeout);
        Assert.Empty(busybox.Args);
        Assert.Empty(busybox.Mounts);
    }

    [Fact]
    public async Task PodAnnotationsOverrideContainerAnnotations()
    {
        var adjuster = await AdjusterAsync();
        var container = new Container { Name = "c", Args = { "sh" }, Annotations = { ["pod-wins"] = "container" } };
        Assert.Contains("poststart: annotated", Describe((await adjuster.AdjustAsync(pod, container, request: null, CancellationToken.None))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DoesNotInjectWhatTheContainerAlreadyHas()
    {
        var adjuster = await AdjusterAsync();
        var container = new Container { Name = "c", Args = { "sh" } };
        var first = (await adjuster.AdjustAsync(pod, container, request: null, CancellationToken.None))!;
        container.Hooks = first.Hooks;
        Assert.Null((await adjuster.AdjustAsync(pod, container, request: null, CancellationToken.None)));
    }

    [Fact]
    public async Task ReturnsNothingWhenNoHookMatches()
    {
        File.Delete(Path.Combine(hooksDir.FullName, "always-inject.json"));
        File.Delete(Path.Combine(hooksDir.FullName, "annotated.json"));
        var adjuster = await AdjusterAsync();
        Assert.Null((await adjuster.AdjustAsync(pod, new Container { Name = "c", Args = { "sh" } }, request: null, CancellationToken.None)));
    }

    [Fact]
    public async Task LeavesOutACommandsHookForAContainerWithoutArguments()
    {
        var adjuster = await AdjusterAsync();
        var adjustment = (await adjuster.AdjustAsync(pod, new Container { Name = "no-args" }, request: null, CancellationToken.None));
        Assert.Equal("createRuntime: always | poststart: annotated | poststop: always", Describe(adjustment));
    }

    [Fact]
    public async Task StrictModeFailsTheContainerLikeTheGoPlugin()
    {
        var adjuster = await AdjusterAsync(new PluginSettings { Strict = true });
        var error = await Assert.ThrowsAsync<TtrpcException>(async () => await adjuster.AdjustAsync(pod, new Container { Name = "no-args" }, request: null, CancellationToken.None));
        Assert.Equal(TtrpcStatusCode.Unknown, error.Code);
        Assert.Equal("hook generation failed: matching hook \"busybox-inject.json\": process.args must have at least one entry", error.Message);
    }

    [Theory]
    [InlineData("requested", "/proc", "proc", false)]
    [InlineData("requested", "/etc/hosts", "bind", false)]
    [InlineData("requested", "/data", "bind", true)]
    [InlineData("any", "/proc", "proc", true)]
    public async Task CountsBindMountsAsConfigured(string policy, string destination, string type, bool injected)
    {
        Write("bind.json", """
            {"version":"1.0.0","hook":{"path":"/bin/sh","args":["sh","bind"]},"when":{"hasBindMounts":true},"stages":["createContainer"]}
            """);
        var adjuster = await AdjusterAsync(new PluginSettings { BindMounts = policy == "any" ? BindMountMode.AnyMount : BindMountMode.Requested });
        var container = new Container { Name = "c", Args = { "sh" }, Mounts = { new Mount { Destination = destination, Type = type, Source = "/x", Options = { "rbind" } } } };
        if (type != "bind")
        {
            container.Mounts[0].Options.Clear();
        }
        Assert.Equal(injected, Describe((await adjuster.AdjustAsync(pod, container, request: null, CancellationToken.None))).Contains("createContainer: bind", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GivesAHookOncePerMatchingFileAsCriODoesButNotAgainWhatTheContainerHas()
    {
        foreach (var name in new[] { "t1.json", "t2.json", "t3.json" })
        {
            Write(name, """{"version":"1.0.0","hook":{"path":"/bin/sh","args":["sh","true"]},"when":{"commands":[".*"]},"stages":["prestart"]}""");
        }
        var adjuster = await AdjusterAsync();
        var container = new Container { Name = "c", Args = { "sh" } };

        var first = await adjuster.AdjustAsync(pod, container, request: null, CancellationToken.None);
        Assert.Equal("createRuntime: always, true, true, true | poststart: annotated | poststop: always", Describe(first));

        // A runtime that injected hooks.d itself gave the container two of the three: one more is added.
        container.Hooks = new Hooks { Prestart = { first!.Hooks.CreateRuntime[1], first.Hooks.CreateRuntime[2] } };
        Assert.Equal("createRuntime: always, true | poststart: annotated | poststop: always", Describe(await adjuster.AdjustAsync(pod, container, request: null, CancellationToken.None)));
    }

    private sealed class Mutator(string name, Action<InjectionPlan> body) : IPlanMutator
    {
        public string Name => name;

        public void Mutate(ContainerContext context, InjectionPlan plan, CancellationToken cancellationToken) => body(plan);
    }

    [Fact]
    public async Task NamesTheMutatorsThatChangedThePlanInTheInjectionLine()
    {
        // Rule origins run inline, so the outcome does not depend on how busy the thread pool is.
        var podEnv = new MutatorEntry(new HookOrigin(HookSourceKind.Rule, "pod-env"), new Mutator("PodEnvMutator", plan =>
        {
            var hooks = plan[HookStage.Poststart];
            hooks[0] = hooks[0] with { Hook = hooks[0].Hook with { Env = ["POD=demo"] } };
        }));
        var idle = new MutatorEntry(new HookOrigin(HookSourceKind.Rule, "idle"), new Mutator("Nothing", _ => { }));
        var log = new ListLogger<HookInjectionAdjuster>();
        var adjuster = await AdjusterAsync(sourceSnapshot: new SourceSnapshot([], [podEnv, idle], []), logger: log);

        await adjuster.AdjustAsync(pod, new Container { Name = "c", Args = { "sh" } }, request: null, CancellationToken.None);

        Assert.Equal(
            ["demo/c: injected OCI hooks from hooks.d:always-inject.json, hooks.d:annotated.json; mutated by rule:pod-env"],
            log.Messages(LogLevel.Information));
    }

    [Fact]
    public async Task NamesNoMutatorWhenNoneChangedThePlan()
    {
        var idle = new MutatorEntry(new HookOrigin(HookSourceKind.Rule, "idle"), new Mutator("Nothing", _ => { }));
        var log = new ListLogger<HookInjectionAdjuster>();
        var adjuster = await AdjusterAsync(sourceSnapshot: new SourceSnapshot([], [idle], []), logger: log);

        await adjuster.AdjustAsync(pod, new Container { Name = "c", Args = { "sh" } }, request: null, CancellationToken.None);

        Assert.Equal(["demo/c: injected OCI hooks from hooks.d:always-inject.json, hooks.d:annotated.json"], log.Messages(LogLevel.Information));
    }
}
