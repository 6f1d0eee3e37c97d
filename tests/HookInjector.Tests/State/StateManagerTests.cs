using HookInjector.Host.Configuration;
using HookInjector.Host.OciHooks.Loading;
using HookInjector.Host.State;
using HookInjector.Host.Worker;
using HookInjector.Tests.Configuration;
using HookInjector.Tests.Extensions;
using HookInjector.Tests.OciHooks;
using HookInjector.Tests.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.State;

/// <summary>Loading, strictness and reconfiguration of the one state, without watching (see <see cref="StateWatchingTests"/>).</summary>
public sealed class StateManagerTests : IAsyncLifetime, IDisposable
{
    private static readonly string Bin = TestHooks.ExistingPath;

    private readonly TempDirectory temp = new();
    private readonly ListLoggerFactory logs = new();
    private readonly WorkerSupervisor worker = TestWorker.Create();
    private readonly SourceDirectoriesWorkspace workspace = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await worker.DisposeAsync();

    public void Dispose()
    {
        temp.Dispose();
        workspace.Dispose();
    }

    private static string Valid(string arg, string stage = "poststop") =>
        $$"""{"version":"1.0.0","hook":{"path":"{{Bin}}","args":["{{arg}}"]},"when":{"always":true},"stages":["{{stage}}"]}""";

    private PluginSettings Hooks(params string[] directories) => new() { HooksDirs = [.. directories.Select(directory => temp.Combine(directory))], DisableWatch = true };

    private StateManager Manager(PluginSettings settings) => new(settings, worker, TimeProvider.System, logs);

    [Fact]
    public void Before_loading_the_state_is_empty()
    {
        var manager = Manager(Hooks("low", "high"));
        Assert.Empty(manager.Current.Hooks.Hooks);
        Assert.All(manager.Current.Sources.Sources, source => Assert.True(source.Matchers.IsEmpty && source.WorkerCalls.IsEmpty));
    }

    [Fact]
    public async Task Startup_skips_and_reports_each_bad_hook_file_by_default()
    {
        temp.Write("high/a.json", Valid("a"));
        var broken = temp.Write("high/b.json", "{");
        var missing = temp.Write("high/c.json", """{"version":"1.0.0","hook":{"path":"/no/such/bin"},"stages":[]}""");
        await using var manager = Manager(Hooks("low", "high"));

        await manager.StartAsync(CancellationToken.None);

        Assert.Equal("a.json", Assert.Single(manager.Current.Hooks.Hooks).FileName);
        Assert.Equal(2, manager.Current.HookFileProblems);
        Assert.Contains(("hooks.d", 2), manager.Current.ProblemCounts());
        Assert.Contains("Loaded hooks: 1 hooks, 2 errors", logs.Messages(LogLevel.Information));
        var skipped = logs.Messages(LogLevel.Warning).Where(message => message.StartsWith("Skipping hook file", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [
                $"Skipping hook file {broken}: parsing hook \"{broken}\": version check: unexpected end of JSON input",
                $"Skipping hook file {missing} (field hook.path): faccessat /no/such/bin: no such file or directory",
            ],
            skipped);
    }

    [Fact]
    public async Task Strict_startup_fails_like_Go_and_publishes_nothing()
    {
        temp.Write("high/a.json", Valid("a"));
        var broken = temp.Write("high/b.json", "{");
        await using var manager = Manager(Hooks("high") with { Strict = true });

        var error = await Assert.ThrowsAsync<HookLoadException>(() => manager.StartAsync(CancellationToken.None));

        Assert.Equal($"loading hooks from {broken}: parsing hook \"{broken}\": version check: unexpected end of JSON input", error.Message);
        Assert.Empty(manager.Current.Hooks.Hooks);
    }

    [Fact]
    public async Task Strict_startup_tolerates_a_directory_whose_first_failure_is_a_missing_binary()
    {
        temp.Write("high/a.json", """{"version":"1.0.0","hook":{"path":"/no/such/bin"},"stages":[]}""");
        temp.Write("high/b.json", "{");
        temp.Write("high/c.json", Valid("c"));
        await using var manager = Manager(Hooks("high") with { Strict = true });

        await manager.StartAsync(CancellationToken.None);

        Assert.Equal("c.json", Assert.Single(manager.Current.Hooks.Hooks).FileName);
        Assert.True(manager.Current.Hooks.StrictMatching);
    }

    [Fact]
    public async Task Without_watching_no_directory_is_created()
    {
        temp.Write("present/a.json", Valid("a"));
        await using var manager = Manager(Hooks("present", "absent"));

        await manager.StartAsync(CancellationToken.None);
        await manager.StopAsync(CancellationToken.None);

        Assert.Equal("a.json", Assert.Single(manager.Current.Hooks.Hooks).FileName);
        Assert.False(Directory.Exists(temp.Combine("absent")));
        Assert.Equal(0, manager.ReloadCount);
    }

    [Fact]
    public async Task Reconfiguring_to_other_directories_swaps_every_source_and_the_settings_at_once()
    {
        temp.Write("first/a.json", Valid("a"));
        temp.Write("second/b.json", Valid("b", "poststart"));
        temp.Write("second/c.json", Valid("c", "poststart"));
        var first = workspace.Settings("a") with { HooksDirs = [temp.Combine("first")] };
        var second = workspace.Settings("b") with { HooksDirs = [temp.Combine("second")], BindMounts = Host.OciHooks.Selection.BindMountMode.AnyMount };
        await using var manager = Manager(first);
        await manager.StartAsync(CancellationToken.None);
        var before = manager.Current;
        var published = new List<PluginState>();
        manager.Published += published.Add;

        await manager.ReconfigureAsync(second, CancellationToken.None);

        // One publication carries all of it: there is never a state with some of the new sources and not the others.
        var after = Assert.Single(published);
        Assert.Same(after, manager.Current);
        Assert.Equal(["b.json", "c.json"], after.Hooks.Hooks.Select(hook => hook.FileName));
        Assert.Equal(["rule:b", "script:b.csx", "extension:Tracer/Trace"], TestWorker.Origins(after.Sources));
        Assert.Same(second, after.Settings);
        // The state that was in force is left as it was, for containers still being decided with it.
        Assert.Equal(["a.json"], before.Hooks.Hooks.Select(hook => hook.FileName));
        Assert.Equal(["rule:a", "script:a.csx"], TestWorker.Origins(before.Sources));
        // The same script text, compiled afresh because the new cache did not have it yet.
        Assert.NotEmpty(Directory.GetFiles(workspace.CacheDir("b")));
    }

    [Fact]
    public async Task Reconfiguring_with_the_same_sources_keeps_what_was_loaded_and_changes_only_the_settings()
    {
        temp.Write("hooks/a.json", Valid("a"));
        var settings = workspace.Settings("a") with { HooksDirs = [temp.Combine("hooks")] };
        await using var manager = Manager(settings);
        await manager.StartAsync(CancellationToken.None);
        var before = manager.Current;

        await manager.ReconfigureAsync(settings with { HooksDirs = [temp.Combine("hooks")], Verbose = true }, CancellationToken.None);

        Assert.True(manager.Current.Settings.Verbose);
        Assert.Same(before.Hooks, manager.Current.Hooks);
        Assert.Same(before.Sources, manager.Current.Sources);
    }

    [Fact]
    public async Task A_strict_reconfiguration_that_fails_changes_nothing()
    {
        temp.Write("good/a.json", Valid("a"));
        temp.Write("bad/b.json", "{");
        await using var manager = Manager(Hooks("good") with { Strict = true });
        await manager.StartAsync(CancellationToken.None);
        var before = manager.Current;

        await Assert.ThrowsAsync<HookLoadException>(() => manager.ReconfigureAsync(Hooks("bad") with { Strict = true }, CancellationToken.None));

        Assert.Same(before, manager.Current);
    }

    [Fact]
    public async Task A_source_that_cannot_load_counts_as_a_problem_and_leaves_the_others_in_force()
    {
        temp.Write("hooks/a.json", Valid("a"));
        var rulesFile = temp.Write("rules-is-a-file", "not a directory");
        await using var manager = new StateManager(Hooks("hooks") with { RulesDir = rulesFile }, worker: null, TimeProvider.System, NullLoggerFactory.Instance);

        await manager.StartAsync(CancellationToken.None);

        Assert.Equal("a.json", Assert.Single(manager.Current.Hooks.Hooks).FileName);
        Assert.NotEqual(0, manager.Current.ProblemCounts().Single(count => count.Source == "rules").Problems);
    }

    [Fact]
    public async Task Scripts_and_extensions_slower_than_the_wait_join_once_loaded_and_containers_meanwhile_wait_their_budget()
    {
        temp.Write("hooks/a.json", Valid("hooks.d", "createRuntime"));
        var loadMayEnd = temp.Combine("load-may-end");
        using var extensions = new ExtensionWorkspace();
        // Its constructor, which runs while the worker loads it, holds the load until the test lets it end.
        extensions.Build("Slow", $$"""
            public sealed class Slow : IHookMatcher
            {
                public Slow() { while (!System.IO.File.Exists(@"{{loadMayEnd}}")) Thread.Sleep(20); }
                public string Name => "slow";
                public void AddHooks(ContainerContext context, IHookCollector hooks, CancellationToken cancellationToken) =>
                    hooks.Add(HookStage.CreateRuntime, new OciHook("{{Bin}}", new[] { "slow" }, Array.Empty<string>(), null));
            }
            """);
        await using var manager = Manager(Hooks("hooks") with { RulesDir = temp.Combine("no-rules"), ExtensionsDir = extensions.ExtensionsDirectory });
        var adjuster = new Host.Injection.HookInjectionAdjuster(() => manager.Current, worker, logs.CreateLogger<Host.Injection.HookInjectionAdjuster>());
        var pod = new Host.Nri.Api.PodSandbox { Name = "p" };

        await manager.StartAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None);

        var started = manager.Current;
        Assert.False(Assert.IsType<Task>(started.WorkerSourcesLoading, exactMatch: false).IsCompleted);
        Assert.Equal("a.json", Assert.Single(started.Hooks.Hooks).FileName);
        Assert.Contains(logs.Messages(LogLevel.Warning), message => message.Contains("still loading", StringComparison.Ordinal));
        // The load cannot end meanwhile: the container waits out its budget and gets the rest of its hooks.
        var early = await adjuster.AdjustAsync(pod, new Host.Nri.Api.Container { Name = "early" }, request: null, CancellationToken.None);
        Assert.Equal(["hooks.d"], early!.Hooks.CreateRuntime.Select(hook => hook.Args[0]));
        Assert.Contains(logs.Messages(LogLevel.Error), message => message.StartsWith("p/early: no script or extension hooks: " + Host.Injection.ContainerDecision.StillLoading, StringComparison.Ordinal));

        File.WriteAllText(loadMayEnd, "");
        await started.WorkerSourcesLoading!.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Null(manager.Current.WorkerSourcesLoading);
        Assert.Equal(["extension:Slow/slow"], TestWorker.Origins(manager.Current.Sources));
        Assert.Same(started.Hooks, manager.Current.Hooks);
        var later = await adjuster.AdjustAsync(pod, new Host.Nri.Api.Container { Name = "later" }, request: null, CancellationToken.None);
        Assert.Equal(["hooks.d", "slow"], later!.Hooks.CreateRuntime.Select(hook => hook.Args[0]));
        Assert.DoesNotContain(logs.Messages(LogLevel.Error), message => message.StartsWith("p/later:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Containers_created_during_a_reconfiguration_see_the_old_state_or_the_new_one_never_a_mix()
    {
        // Each set: a hooks.d hook, a YAML rule hook, and a hasBindMounts hook that only the 'any'
        // setting of set b lets a container with a proc mount have.
        foreach (var set in new[] { "a", "b" })
        {
            temp.Write($"{set}/hooks.d/h.json", Valid($"{set}-hooks.d", "createRuntime"));
            temp.Write($"{set}/hooks.d/bind.json",
                $$"""{"version":"1.0.0","hook":{"path":"{{Bin}}","args":["{{set}}-bind"]},"when":{"hasBindMounts":true},"stages":["createRuntime"]}""");
            temp.Write($"{set}/rules.d/r.yaml", $"- name: {set}\n  hooks: [{{stage: createRuntime, path: {Bin}, args: [{set}-rule]}}]\n");
        }
        PluginSettings Set(string set) => new()
        {
            HooksDirs = [temp.Combine(set, "hooks.d")],
            RulesDir = temp.Combine(set, "rules.d"),
            ExtensionsDir = temp.Combine(set, "extensions"),
            BindMounts = set == "a" ? Host.OciHooks.Selection.BindMountMode.Requested : Host.OciHooks.Selection.BindMountMode.AnyMount,
            DisableWatch = true,
        };
        await using var manager = new StateManager(Set("a"), worker: null, TimeProvider.System, NullLoggerFactory.Instance);
        await manager.StartAsync(CancellationToken.None);
        var adjuster = new Host.Injection.HookInjectionAdjuster(() => manager.Current, worker: null, NullLogger<Host.Injection.HookInjectionAdjuster>.Instance);
        var pod = new Host.Nri.Api.PodSandbox { Name = "p" };
        var seen = new HashSet<string>();
        using var stop = new CancellationTokenSource();
        var creating = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested || i < 10; i++)
            {
                var container = new Host.Nri.Api.Container { Name = $"c{i}", Args = { "sh" }, Mounts = { new Host.Nri.Api.Mount { Destination = "/proc", Type = "proc", Source = "proc" } } };
                var adjustment = await adjuster.AdjustAsync(pod, container, request: null, CancellationToken.None);
                lock (seen)
                {
                    seen.Add(string.Join(",", adjustment!.Hooks.CreateRuntime.Select(hook => hook.Args[0])));
                }
            }
        });

        for (var round = 0; round < 11; round++)
        {
            await manager.ReconfigureAsync(Set(round % 2 == 0 ? "b" : "a"), CancellationToken.None);
        }
        await stop.CancelAsync();
        await creating;
        // After the last reconfiguration (to b) every container gets all of b.
        var last = await adjuster.AdjustAsync(pod, new Host.Nri.Api.Container { Name = "last", Args = { "sh" }, Mounts = { new Host.Nri.Api.Mount { Destination = "/proc", Type = "proc", Source = "proc" } } }, request: null, CancellationToken.None);
        Assert.Equal("b-bind,b-hooks.d,b-rule", string.Join(",", last!.Hooks.CreateRuntime.Select(hook => hook.Args[0])));

        Assert.Subset(new HashSet<string> { "a-hooks.d,a-rule", "b-bind,b-hooks.d,b-rule" }, seen);
    }
}
