using HookInjector.Abstractions;
using HookInjector.Host.Configuration;
using HookInjector.Host.Injection;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.State;
using HookInjector.Host.Worker;
using HookInjector.Host.Worker.Protocol;
using HookInjector.Tests.Extensions;
using HookInjector.Tests.Rules.Scripts;

namespace HookInjector.Tests.Worker;

/// <summary>
/// Scripts and extensions that misbehave in every way that ends or wedges a .NET process, run by a
/// real worker process: each takes only the worker down, is blamed, and is quarantined after its
/// second time, and the good script beside it gives its hook again. The daemon's process (this
/// test process) never runs their code.
/// </summary>
[Collection(WorkerProcesses.Name)]
public sealed class WorkerSupervisorTests : IAsyncLifetime
{
    /// <summary>Generous: a worker restarting on a busy machine still answers well within it.</summary>
    private static readonly TimeSpan Patient = TimeSpan.FromSeconds(30);

    /// <summary>For requests made to hang on purpose: the whole of it is waited out each time.</summary>
    private static readonly TimeSpan Hanging = TimeSpan.FromSeconds(4);

    private static readonly ContainerContext Context = new()
    {
        Pod = new PodInfo { Name = "web", Namespace = "shop", Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Container = new ContainerInfo { Name = "nginx", Args = ["nginx"] },
    };

    private const string Good = """AddHook(HookStage.Prestart, "/usr/bin/good", "pid=" + System.Environment.ProcessId);""";

    private readonly string root = Directory.CreateTempSubdirectory("hook-injector-worker-").FullName;
    private readonly WorkerSupervisor supervisor = TestWorker.Create();

    private string Rules => Path.Combine(root, "rules.d");

    private string Cache => Path.Combine(root, "cache");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Rules);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await supervisor.DisposeAsync();
        Directory.Delete(root, recursive: true);
    }

    private void Script(string name, string body) => File.WriteAllText(Path.Combine(Rules, name), body);

    private async Task<IReadOnlyList<WorkerCall>> LoadScriptsAsync()
    {
        var snapshot = await supervisor.LoadAsync(WorkerService.ScriptsSource, Rules, Cache, CancellationToken.None);
        Assert.Empty(snapshot.Problems);
        return snapshot.WorkerCalls;
    }

    private Task<WorkerRun> RunAsync(IReadOnlyList<WorkerCall> calls, TimeSpan budget) => RunAsync(supervisor, calls, budget);

    private static async Task<WorkerRun> RunAsync(WorkerSupervisor supervisor, IReadOnlyList<WorkerCall> calls, TimeSpan budget) =>
        await supervisor.RunAsync(WorkerMessages.ContainerBytes(Context, createContainerRequest: null), new InjectionPlan(), supervisor.Runnable(calls), trace: false, budget, CancellationToken.None);

    private static string[] Hooks(WorkerRun run) => Hooks(run.Plan);

    private static string[] Hooks(InjectionPlan plan) => [.. plan[HookStage.Prestart].Select(hook => $"{hook.Origin} {hook.Hook.Path}")];

    /// <summary>Runs containers until <paramref name="bad"/> is quarantined, as the plugin would keep getting them.</summary>
    private async Task RunUntilQuarantinedAsync(IReadOnlyList<WorkerCall> calls, string bad, TimeSpan budget)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (!supervisor.IsQuarantined(calls.Single(call => call.Origin.Name == bad).Id))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{bad} was never quarantined; the worker started {supervisor.Starts} times");
            await RunAsync(calls, budget);
            await Task.Delay(50);
        }
    }

    private async Task AssertTheGoodScriptGivesItsHookAsync(IReadOnlyList<WorkerCall> calls) =>
        AssertTheGoodScriptGaveItsHook(await RunAsync(calls, Patient));

    private static void AssertTheGoodScriptGaveItsHook(WorkerRun run)
    {
        Assert.Null(run.Unavailable);
        Assert.Equal(["script:good.csx /usr/bin/good"], Hooks(run));
        Assert.All(run.Results, result => Assert.Equal(CallStatus.Completed, result.Status));
        var pid = Assert.Single(run.Plan[HookStage.Prestart]).Hook.Args[0];
        Assert.NotEqual($"pid={Environment.ProcessId}", pid);
    }

    [Fact]
    public async Task User_code_runs_below_the_daemon_first_for_the_oom_killer_and_under_the_heap_ceiling()
    {
        // What the thread that runs scripts reports about itself: its nice value (field 19 of its stat, the 17th
        // after the command's closing parenthesis), its process's oom_score_adj and the GC's memory ceiling.
        Script("probe.csx", """
            var stat = System.IO.File.ReadAllText("/proc/thread-self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            AddHook(HookStage.Prestart, "/usr/bin/probe",
                "nice=" + fields[16],
                "oom_score_adj=" + System.IO.File.ReadAllText("/proc/self/oom_score_adj").Trim(),
                "heap=" + System.GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
            """);
        var calls = await LoadScriptsAsync();

        var run = await RunAsync(calls, Patient);

        Assert.Null(run.Unavailable);
        Assert.Equal(
            [$"nice={WorkerMode.Niceness}", $"oom_score_adj={WorkerMode.OomScoreAdjustment}", $"heap={WorkerProcess.HeapHardLimitBytes}"],
            Assert.Single(run.Plan[HookStage.Prestart]).Hook.Args.Skip(1));
    }

    [Fact]
    public async Task Scripts_run_in_the_worker_process_and_their_hooks_come_back()
    {
        Script("good.csx", Good);
        var calls = await LoadScriptsAsync();

        await AssertTheGoodScriptGivesItsHookAsync(calls);
        Assert.Equal(1, supervisor.Starts);
    }

    [Fact]
    public async Task Hooks_a_script_adds_come_after_the_plan_it_was_not_sent()
    {
        Script("good.csx", Good);
        var calls = await LoadScriptsAsync();
        var plan = new InjectionPlan();
        var hooksDirectory = new HookOrigin(HookSourceKind.HooksDirectory, "a.json");
        plan.Add(HookStage.Prestart, new Abstractions.PlannedHook(new OciHook("/usr/bin/first"), hooksDirectory));
        plan.Add(HookStage.Poststop, new Abstractions.PlannedHook(new OciHook("/usr/bin/last"), hooksDirectory));

        var run = await supervisor.RunAsync(WorkerMessages.ContainerBytes(Context, createContainerRequest: null), plan, calls, trace: false, Patient, CancellationToken.None);

        Assert.Null(run.Unavailable);
        Assert.Equal(["hooks.d:a.json /usr/bin/first", "script:good.csx /usr/bin/good"], Hooks(run));
        Assert.Equal("/usr/bin/last", Assert.Single(run.Plan[HookStage.Poststop]).Hook.Path);
        Assert.Equal(["/usr/bin/first"], plan[HookStage.Prestart].Select(hook => hook.Hook.Path));
    }

    [Fact]
    public async Task Scripts_run_in_the_worker_while_the_daemon_runs_its_rules_and_their_hooks_come_after()
    {
        var ran = Path.Combine(root, "script-ran");
        Script("good.csx", $$"""
            System.IO.File.WriteAllText("{{ran}}", "");
            AddHook(HookStage.Prestart, "/usr/bin/good");
            """);
        var scripts = await LoadScriptsAsync();
        // The daemon's rule returns only once the script has run: it would wait in vain if the
        // container's request went to the worker after the rules, as a mutator's must.
        var rule = new RuleThatWaits(() => File.Exists(ran));
        var state = PluginState.Unloaded(new PluginSettings());
        state = state with
        {
            Sources = state.Sources
                .WithSource(PluginState.Rules, new SourceSnapshot([new MatcherEntry(new HookOrigin(HookSourceKind.Rule, "rule.yaml"), rule)], [], []))
                .WithSource(PluginState.Scripts, SourceSnapshot.Empty with { WorkerCalls = [.. scripts] }),
        };

        var decision = await ContainerDecision.DecideAsync(state, supervisor, Context, createContainerRequest: null, existing: null, trace: false, Patient, CancellationToken.None);

        Assert.True(rule.SawTheScriptRun);
        Assert.Null(decision.WithoutWorker);
        Assert.Equal(["rule:rule.yaml /usr/bin/rule", "script:good.csx /usr/bin/good"], Hooks(decision.Plan));
    }

    /// <summary>A daemon-side rule that adds its hook once <paramref name="condition"/> holds, or gives up after a while.</summary>
    private sealed class RuleThatWaits(Func<bool> condition) : IHookMatcher
    {
        public string Name => "rule.yaml";

        public bool SawTheScriptRun { get; private set; }

        public void AddHooks(ContainerContext context, IHookCollector hooks, CancellationToken cancellationToken)
        {
            SawTheScriptRun = SpinWait.SpinUntil(condition, Patient);
            hooks.Add(HookStage.Prestart, new OciHook("/usr/bin/rule"));
        }
    }

    [Theory]
    [InlineData("exit", "System.Environment.Exit(0);")]
    [InlineData("stack-overflow", "static int Down(int n) => Down(n + 1) + 1; Down(0);")]
    public async Task A_script_that_ends_the_worker_is_quarantined_and_the_good_one_keeps_working(string name, string body)
    {
        Script("bad.csx", body);
        Script("good.csx", Good);
        var calls = await LoadScriptsAsync();

        var first = await RunAsync(calls, Patient);
        Assert.NotNull(first.Unavailable);
        Assert.Contains("script:bad.csx", first.Unavailable, StringComparison.Ordinal);

        await RunUntilQuarantinedAsync(calls, "bad.csx", Patient);
        await AssertTheGoodScriptGivesItsHookAsync(calls);
        Assert.True(supervisor.Starts >= 3, $"{name}: the worker started {supervisor.Starts} times");
    }

    [Fact]
    public async Task A_script_whose_background_thread_fails_fast_after_it_returned_is_blamed_and_quarantined()
    {
        Script("bad.csx", """
            new System.Threading.Thread(() => { System.Threading.Thread.Sleep(100); System.Environment.FailFast("on purpose"); }).Start();
            """);
        Script("good.csx", Good);
        var calls = await LoadScriptsAsync();

        var first = await RunAsync(calls, Patient);
        Assert.Null(first.Unavailable);

        await RunUntilQuarantinedAsync(calls, "bad.csx", Patient);
        // The last run before the quarantine may have started bad.csx in a fresh worker, whose thread
        // then takes that worker down 100 ms later, with the run it is in: the next worker runs only
        // good.csx, and gives its hook.
        var run = await RunAsync(calls, Patient);
        if (run.Unavailable is not null)
        {
            Assert.Contains("went away", run.Unavailable, StringComparison.Ordinal);
            run = await RunAsync(calls, Patient);
        }
        AssertTheGoodScriptGaveItsHook(run);
    }

    [Theory]
    [InlineData("loop", "while (true) { }")]
    [InlineData("thread-pool-flood", "for (var i = 0; i < 64; i++) { System.Threading.Tasks.Task.Run(() => { while (true) { } }); }")]
    public async Task A_script_that_hangs_or_floods_the_worker_is_killed_at_the_budget_and_quarantined(string name, string body)
    {
        Script("bad.csx", body);
        Script("good.csx", Good);
        var calls = await LoadScriptsAsync();

        await RunUntilQuarantinedAsync(calls, "bad.csx", Hanging);
        await AssertTheGoodScriptGivesItsHookAsync(calls);
        Assert.True(supervisor.Starts >= 2, $"{name}: the worker started {supervisor.Starts} times");
    }

    /// <summary>
    /// Writes <paramref name="garbage"/> to every socket the worker holds, found as a script can find
    /// them, through /proc/self/fd: the daemon's socket pair among them.
    /// </summary>
    private static string WritingToTheWorkersSocket(string garbage) => $$"""
        foreach (var link in System.IO.Directory.GetFiles("/proc/self/fd"))
        {
            if (new System.IO.FileInfo(link).LinkTarget?.StartsWith("socket:") != true)
            {
                continue;
            }
            try
            {
                using var socket = new System.IO.FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle((System.IntPtr)int.Parse(System.IO.Path.GetFileName(link)), ownsHandle: false), System.IO.FileAccess.Write, 1);
                socket.Write(new byte[] { {{garbage}} });
            }
            catch (System.Exception)
            {
                // Not a connected stream socket.
            }
        }
        """;

    [Theory]
    // A ttrpc header announcing 4 GiB, over the size limit: the answer breaks off.
    [InlineData("oversized-message", "0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF")]
    // A one-byte response to a stream no call awaits: the answer breaks off.
    [InlineData("stray-message", "0, 0, 0, 1, 0, 0x10, 0, 0, 2, 0, 0")]
    // A 1 MiB response to the first stream: the real answer disappears inside it, and the call overruns.
    [InlineData("swallowing-message", "0, 0x10, 0, 0, 0, 0, 0, 1, 2, 0")]
    public async Task A_script_that_writes_garbage_to_the_workers_socket_is_blamed_and_quarantined_not_the_script_after_it(string name, string garbage)
    {
        // bad.csx runs first; good.csx, after it, is what the worker is in when the daemon reads the garbage.
        Script("bad.csx", WritingToTheWorkersSocket(garbage));
        Script("good.csx", Good);
        var calls = await LoadScriptsAsync();

        var first = await RunAsync(calls, Hanging);
        Assert.NotNull(first.Unavailable);

        await RunUntilQuarantinedAsync(calls, "bad.csx", Hanging);
        Assert.False(supervisor.IsQuarantined(calls.Single(call => call.Origin.Name == "good.csx").Id), $"{name}: good.csx was quarantined too");
        await AssertTheGoodScriptGivesItsHookAsync(calls);
    }

    [Fact]
    public async Task A_script_that_allocates_without_end_fails_within_the_heap_limit_and_the_worker_goes_on()
    {
        Script("bad.csx", "var hoard = new System.Collections.Generic.List<byte[]>(); while (true) { hoard.Add(new byte[1 << 20]); }");
        Script("good.csx", Good);
        var calls = await LoadScriptsAsync();

        // The heap limit ends the hoarding with an OutOfMemoryException, a failure of the call alone;
        // were the worker itself to go down instead, the script would be quarantined like the others.
        for (var attempt = 0; attempt < 5 && !supervisor.IsQuarantined(calls.Single(call => call.Origin.Name == "bad.csx").Id); attempt++)
        {
            var run = await RunAsync(calls, Patient);
            if (run.Unavailable is null)
            {
                Assert.Equal(CallStatus.Failed, run.Results[0].Status);
                Assert.Contains("OutOfMemory", run.Results[0].Error, StringComparison.Ordinal);
                Assert.Equal(["script:good.csx /usr/bin/good"], Hooks(run));
                return;
            }
        }
        await AssertTheGoodScriptGivesItsHookAsync(calls);
    }

    [Fact]
    public async Task An_extension_whose_constructor_exits_is_quarantined_while_loading_and_scripts_keep_working()
    {
        using var extensions = new ExtensionWorkspace();
        extensions.Build("Exiting", ExtensionWorkspace.ExitingInConstructor);
        Script("good.csx", Good);
        var calls = await LoadScriptsAsync();

        var loaded = await supervisor.LoadAsync(WorkerService.ExtensionsSource, extensions.ExtensionsDirectory, "", CancellationToken.None);

        var problem = Assert.Single(loaded.Problems);
        Assert.Equal(extensions.FolderOf("Exiting"), problem.File);
        Assert.Contains("quarantined", problem.Message, StringComparison.Ordinal);
        Assert.Contains(extensions.FolderOf("Exiting"), supervisor.Quarantined);
        await AssertTheGoodScriptGivesItsHookAsync(calls);
    }

    [Fact]
    public async Task A_script_the_worker_is_stuck_on_while_loading_is_quarantined_until_it_changes_and_the_good_one_loads()
    {
        // Long enough for a script compiled in a worker whose compiler starts cold, on a busy machine.
        await using var impatient = TestWorker.Create(loadTimeout: TimeSpan.FromSeconds(8));
        var bomb = Path.Combine(Rules, "bomb.csx");
        // Minutes of compiling, far past the load timeout.
        Script("bomb.csx", ScriptWorkspace.CompilerBomb(16));
        Script("good.csx", Good);

        var loaded = await impatient.LoadAsync(WorkerService.ScriptsSource, Rules, Cache, CancellationToken.None);

        var problem = Assert.Single(loaded.Problems);
        Assert.Equal(bomb, problem.File);
        Assert.Contains("quarantined", problem.Message, StringComparison.Ordinal);
        Assert.Equal([bomb], impatient.Quarantined);
        Assert.Equal(3, impatient.Starts);
        AssertTheGoodScriptGaveItsHook(await RunAsync(impatient, loaded.WorkerCalls, Patient));

        Script("bomb.csx", """AddHook(HookStage.Prestart, "/usr/bin/defused");""");
        File.SetLastWriteTimeUtc(bomb, DateTime.UtcNow.AddMinutes(1));
        var reloaded = await impatient.LoadAsync(WorkerService.ScriptsSource, Rules, Cache, CancellationToken.None);

        Assert.Empty(reloaded.Problems);
        Assert.Empty(impatient.Quarantined);
        Assert.Equal(["script:bomb.csx /usr/bin/defused", "script:good.csx /usr/bin/good"], Hooks(await RunAsync(impatient, reloaded.WorkerCalls, Patient)));
    }

    [Fact]
    public async Task A_quarantine_ends_when_the_script_changes()
    {
        Script("bad.csx", "System.Environment.Exit(0);");
        Script("good.csx", Good);
        var calls = await LoadScriptsAsync();
        await RunUntilQuarantinedAsync(calls, "bad.csx", Patient);

        Script("bad.csx", """AddHook(HookStage.Prestart, "/usr/bin/fixed");""");
        File.SetLastWriteTimeUtc(Path.Combine(Rules, "bad.csx"), DateTime.UtcNow.AddMinutes(1));
        var reloaded = await LoadScriptsAsync();

        Assert.Empty(supervisor.Quarantined);
        var run = await RunAsync(reloaded, Patient);
        Assert.Equal(["script:bad.csx /usr/bin/fixed", "script:good.csx /usr/bin/good"], Hooks(run));
    }
}

/// <summary>Worker processes are heavy on a 2-core machine: their tests run one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class WorkerProcesses
{
    public const string Name = "worker processes";
}
