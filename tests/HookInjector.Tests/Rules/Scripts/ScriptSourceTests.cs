using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using HookInjector.Abstractions;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Rules.Scripts;
using HookInjector.Tests.OciHooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.Rules.Scripts;

public sealed class ScriptSourceTests : IDisposable
{
    private const string LabelledHook = """
        if (Pod.Labels.TryGetValue("team", out var team))
        {
            AddHook(HookStage.Prestart, "/bin/hook-" + team, "--ns", Pod.Namespace);
        }
        """;

    private readonly ScriptWorkspace workspace = new();

    public void Dispose() => workspace.Dispose();

    [Fact]
    public void Missing_directory_gives_an_empty_snapshot()
    {
        Directory.Delete(workspace.RulesDirectory);
        using var source = workspace.NewSource();

        var snapshot = source.Load(CancellationToken.None);

        Assert.Empty(snapshot.Matchers);
        Assert.Empty(snapshot.Problems);
    }

    [Fact]
    public void Missing_cache_directory_is_created_without_a_warning()
    {
        workspace.Write("team.csx", LabelledHook);
        var log = new ListLogger<ScriptSource>();
        using var source = new ScriptSource(workspace.Options, log);

        Assert.Single(source.Load(CancellationToken.None).Matchers);

        Assert.Empty(log.Messages(LogLevel.Warning));
        Assert.NotEmpty(Directory.GetFiles(workspace.CacheDirectory));
    }

    [Fact]
    public void A_load_cancelled_while_a_script_compiles_stops_the_compiler()
    {
        workspace.Write("10-bomb.csx", ScriptWorkspace.CompilerBomb(9));
        using var source = workspace.NewSource();
        using var cancel = new CancellationTokenSource();
        cancel.CancelAfter(TimeSpan.FromMilliseconds(500));

        Assert.ThrowsAny<OperationCanceledException>(() => source.Load(cancel.Token));
    }

    [Fact]
    public void A_script_is_compiled_while_it_loads_so_that_its_first_run_compiles_nothing()
    {
        // Two scripts that differ only in their own code (a string and a lambda each).
        workspace.Write("a.csx", """if (Pod.Labels.Keys.Any(key => key.StartsWith("tea", StringComparison.Ordinal))) AddHook(HookStage.Prestart, "/bin/a");""");
        workspace.Write("b.csx", """if (Pod.Labels.Keys.Any(key => key.StartsWith("team", StringComparison.Ordinal))) AddHook(HookStage.Prestart, "/bin/b");""");
        using var source = workspace.NewSource();
        var matchers = source.Load(CancellationToken.None).Matchers;
        var container = Containers.Create(labels: new Dictionary<string, string> { ["team"] = "red" });
        // The first script's run compiles what every script shares: the plugin's side of a call, the framework's.
        Run(matchers[0], container);

        var (recorder, compiled) = RunCountingCompiledMethods(matchers[1], container);

        Assert.Single(recorder.Added);
        Assert.Equal(0, compiled);
    }

    [Fact]
    public void A_script_that_initializes_a_type_of_its_own_is_compiled_when_it_first_runs_so_that_loading_runs_none_of_it()
    {
        var marker = Path.Combine(workspace.CacheDirectory, "..", "initialized");
        workspace.Write("a.csx", """AddHook(HookStage.Prestart, "/bin/a");""");
        workspace.Write("b.csx", $$"""
            class Once
            {
                public static readonly string Path = Mark();
                static string Mark() { System.IO.File.WriteAllText(@"{{marker}}", "ran"); return "/bin/b"; }
            }
            AddHook(HookStage.Prestart, Once.Path);
            """);
        using var source = workspace.NewSource();
        var matchers = source.Load(CancellationToken.None).Matchers;
        Run(matchers[0], Containers.Create());

        Assert.False(File.Exists(marker), "loading the script ran its type initializer");
        var (recorder, compiled) = RunCountingCompiledMethods(matchers[1], Containers.Create());

        Assert.True(File.Exists(marker));
        Assert.Equal("/bin/b", Assert.Single(recorder.Added).Hook.Path);
        Assert.True(compiled > 0, "the script's first run compiled none of its code");
    }

    [Fact]
    public void A_script_with_a_module_initializer_is_refused_before_any_of_it_runs()
    {
        var marker = Path.Combine(workspace.CacheDirectory, "..", "module-initialized");
        workspace.Write("m.csx", $$"""
            class Early
            {
                [System.Runtime.CompilerServices.ModuleInitializer]
                internal static void Mark() => System.IO.File.WriteAllText(@"{{marker}}", "ran");
            }
            AddHook(HookStage.Prestart, "/bin/m");
            """);
        using var source = workspace.NewSource();
        var snapshot = source.Load(CancellationToken.None);

        Assert.False(File.Exists(marker), "loading the script ran its module initializer");
        Assert.Empty(snapshot.Matchers);
        var problem = Assert.Single(snapshot.Problems);
        Assert.EndsWith("m.csx", problem.File);
        Assert.Equal(4, problem.Line);
        Assert.Contains("[ModuleInitializer] is not supported", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Script_adds_hooks_when_its_condition_holds()
    {
        workspace.Write("team.csx", LabelledHook);
        using var source = workspace.NewSource();
        var matcher = Assert.Single(source.Load(CancellationToken.None).Matchers);

        var labelled = Run(matcher, Containers.Create(podNamespace: "shop", labels: new Dictionary<string, string> { ["team"] = "red" }));
        var unlabelled = Run(matcher, Containers.Create());

        var (stage, hook) = Assert.Single(labelled.Added);
        Assert.Equal(HookStage.Prestart, stage);
        Assert.Equal(new OciHook("/bin/hook-red", ["/bin/hook-red", "--ns", "shop"], [], null), hook);
        Assert.Empty(unlabelled.Added);
    }

    [Fact]
    public void Script_can_add_a_fully_described_hook()
    {
        workspace.Write("full.csx", """AddHook(HookStage.Poststop, new OciHook("/bin/clean", ["clean"], ["A=1"], 5));""");
        using var source = workspace.NewSource();

        var recorder = Run(Assert.Single(source.Load(CancellationToken.None).Matchers), Containers.Create());

        Assert.Equal([(HookStage.Poststop, new OciHook("/bin/clean", ["clean"], ["A=1"], 5))], recorder.Added);
    }

    [Fact]
    public void Matchers_are_named_by_file_and_ordered_by_ordinal_file_name()
    {
        foreach (var name in new[] { "b.csx", "a.csx", "B.csx", "10.csx" })
        {
            workspace.Write(name, "");
        }
        using var source = workspace.NewSource();

        var matchers = source.Load(CancellationToken.None).Matchers;

        Assert.Equal(["10.csx", "B.csx", "a.csx", "b.csx"], matchers.Select(m => m.Origin.Name));
        Assert.All(matchers, m => Assert.Equal(HookSourceKind.Script, m.Origin.Kind));
        Assert.All(matchers, m => Assert.Equal(m.Origin.Name, m.Matcher.Name));
    }

    [Fact]
    public void Only_visible_csx_files_are_scripts()
    {
        workspace.Write("rule.csx", "");
        workspace.Write(".rule.csx", "");
        workspace.Write("rule.csx.bak", "");
        workspace.Write("rules.yaml", "");
        using var source = workspace.NewSource();

        Assert.Equal(["rule.csx"], source.Load(CancellationToken.None).Matchers.Select(m => m.Origin.Name));
    }

    [Fact]
    public void Oversized_script_is_reported_without_compiling()
    {
        var path = workspace.Write("huge.csx", "//" + new string('x', ScriptSource.MaxScriptBytes));
        using var source = workspace.NewSource();

        var snapshot = source.Load(CancellationToken.None);

        Assert.Empty(snapshot.Matchers);
        Assert.Equal(new SourceProblem(path, null, null, "is larger than 1024 KiB and is skipped"), Assert.Single(snapshot.Problems));
        Assert.Equal(0, source.Compilations);
    }

    [Fact]
    public void FIFO_named_like_a_script_is_reported_instead_of_hanging_the_load()
    {
        var fifo = Platform.Fifo.Create(Path.Join(workspace.RulesDirectory, "x.csx"));
        workspace.Write("empty.csx", "");
        using var source = workspace.NewSource();

        var snapshot = source.Load(CancellationToken.None);

        Assert.Equal(["empty.csx"], snapshot.Matchers.Select(m => m.Origin.Name));
        Assert.Equal(new SourceProblem(fifo, null, null, "cannot be read: not a regular file (FIFO); refusing to read it"), Assert.Single(snapshot.Problems));
    }

    [Fact]
    public void Script_that_does_not_compile_is_reported_with_position_and_skipped()
    {
        var path = workspace.Write("broken.csx", "var x = 1;\nAddHook(HookStage.Prestart, undefinedThing);\n");
        workspace.Write("good.csx", LabelledHook);
        using var source = workspace.NewSource();

        var snapshot = source.Load(CancellationToken.None);

        Assert.Equal(["good.csx"], snapshot.Matchers.Select(m => m.Origin.Name));
        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal(path, problem.File);
        Assert.Equal(2, problem.Line);
        Assert.Equal(29, problem.Column);
        Assert.Contains("undefinedThing", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Script_is_used_again_once_fixed()
    {
        workspace.Write("rule.csx", "AddHook(HookStage.Prestart, ");
        using var source = workspace.NewSource();
        Assert.NotEmpty(source.Load(CancellationToken.None).Problems);

        workspace.Write("rule.csx", """AddHook(HookStage.Prestart, "/bin/fixed");""");
        var snapshot = source.Load(CancellationToken.None);

        Assert.Empty(snapshot.Problems);
        Assert.Equal("/bin/fixed", Assert.Single(Run(Assert.Single(snapshot.Matchers), Containers.Create()).Added).Hook.Path);
    }

    [Fact]
    public void Unsafe_code_does_not_compile()
    {
        var path = workspace.Write("pointer.csx", "unsafe\n{\n    int value = 1;\n    int* pointer = &value;\n    *(pointer + 4096) = 0;\n}\n");
        using var source = workspace.NewSource();

        var snapshot = source.Load(CancellationToken.None);

        Assert.Empty(snapshot.Matchers);
        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal((path, 1), (problem.File, problem.Line));
        // CS0227: Unsafe code may only appear if compiling with /unsafe.
        Assert.StartsWith("CS0227:", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("#r \"System.Net.Http\"\n", "#r is not supported")]
    [InlineData("#load \"other.csx\"\n", "#load is not supported")]
    public void External_references_are_rejected(string directive, string reason)
    {
        workspace.Write("other.csx", "");
        var path = workspace.Write("refs.csx", "// uses another file\n" + directive);
        using var source = workspace.NewSource();

        var problem = Assert.Single(source.Load(CancellationToken.None).Problems);

        Assert.Equal(new SourceProblem(path, 2, 1, problem.Message), problem);
        Assert.StartsWith(reason, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Script_exception_propagates_from_the_matcher_and_leaves_the_source_working()
    {
        var throwing = workspace.Write("a-throws.csx", """
            // fails for every container
            throw new InvalidOperationException("no pod for " + Container.Name);
            """);
        workspace.Write("b-works.csx", """AddHook(HookStage.Prestart, "/bin/ok");""");
        using var source = workspace.NewSource();
        var snapshot = source.Load(CancellationToken.None);

        var error = Assert.Throws<InvalidOperationException>(() => Run(snapshot.Matchers[0], Containers.Create(container: "db")));

        Assert.Equal("no pod for db", error.Message);
        Assert.Contains($"{throwing}:line 2", error.StackTrace, StringComparison.Ordinal);
        Assert.Single(Run(snapshot.Matchers[1], Containers.Create()).Added);
        Assert.Throws<InvalidOperationException>(() => Run(snapshot.Matchers[0], Containers.Create()));
        Assert.Equal(2, source.Load(CancellationToken.None).Matchers.Length);
    }

    [Fact]
    public void Cooperative_endless_loop_stops_when_the_token_is_cancelled()
    {
        workspace.Write("loop.csx", "while (true) { CancellationToken.ThrowIfCancellationRequested(); }");
        using var source = workspace.NewSource();
        var matcher = Assert.Single(source.Load(CancellationToken.None).Matchers);
        using var budget = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        Assert.ThrowsAny<OperationCanceledException>(() => matcher.Matcher.AddHooks(Containers.Create(), new HookRecorder(), budget.Token));
    }

    [Fact]
    public void Asynchronous_script_completes_before_the_matcher_returns()
    {
        workspace.Write("async.csx", """await Task.Delay(10, CancellationToken); AddHook(HookStage.Prestart, "/bin/later");""");
        using var source = workspace.NewSource();

        var recorder = Run(Assert.Single(source.Load(CancellationToken.None).Matchers), Containers.Create());

        Assert.Equal("/bin/later", Assert.Single(recorder.Added).Hook.Path);
    }

    [Fact]
    public void Unchanged_scripts_are_not_compiled_again_on_reload()
    {
        workspace.Write("a.csx", LabelledHook);
        using var source = workspace.NewSource();
        source.Load(CancellationToken.None);

        var snapshot = source.Load(CancellationToken.None);

        Assert.Equal(1, source.Compilations);
        Assert.Single(snapshot.Matchers);
    }

    [Fact]
    public void Changed_script_is_compiled_again_and_runs_its_new_text()
    {
        workspace.Write("a.csx", """AddHook(HookStage.Prestart, "/bin/v1");""");
        using var source = workspace.NewSource();
        source.Load(CancellationToken.None);

        workspace.Write("a.csx", """AddHook(HookStage.Prestart, "/bin/v2");""");
        var snapshot = source.Load(CancellationToken.None);

        Assert.Equal(2, source.Compilations);
        Assert.Equal("/bin/v2", Assert.Single(Run(Assert.Single(snapshot.Matchers), Containers.Create()).Added).Hook.Path);
    }

    [Fact]
    public void Removed_script_leaves_the_snapshot_while_an_older_snapshot_keeps_working()
    {
        workspace.Write("a.csx", """AddHook(HookStage.Prestart, "/bin/a");""");
        workspace.Write("b.csx", "");
        using var source = workspace.NewSource();
        var before = source.Load(CancellationToken.None);

        workspace.Delete("a.csx");
        var after = source.Load(CancellationToken.None);

        Assert.Equal(["b.csx"], after.Matchers.Select(m => m.Origin.Name));
        Assert.Equal("/bin/a", Assert.Single(Run(before.Matchers[0], Containers.Create()).Added).Hook.Path);
    }

    [Fact]
    public void Removed_script_code_is_unloaded_once_no_snapshot_uses_it()
    {
        var slot = $"script-context-{Guid.NewGuid()}";
        // The script hands out its own load context, the only way to see it from here.
        workspace.Write("gone.csx", $$"""
            AppContext.SetData("{{slot}}", System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(System.Reflection.Assembly.GetExecutingAssembly()));
            """);
        using var source = workspace.NewSource();
        var context = LoadRunAndForget(source, slot);

        workspace.Delete("gone.csx");
        Assert.Empty(source.Load(CancellationToken.None).Matchers);

        for (var attempt = 0; attempt < 20 && context.IsAlive; attempt++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.False(context.IsAlive);
    }

    [Fact]
    public void Warm_cache_serves_a_new_source_without_compiling()
    {
        workspace.Write("a.csx", LabelledHook);
        using (var first = workspace.NewSource())
        {
            first.Load(CancellationToken.None);
        }
        using var second = workspace.NewSource();

        var snapshot = second.Load(CancellationToken.None);

        Assert.Equal(0, second.Compilations);
        var recorder = Run(Assert.Single(snapshot.Matchers), Containers.Create(labels: new Dictionary<string, string> { ["team"] = "blue" }));
        Assert.Equal("/bin/hook-blue", Assert.Single(recorder.Added).Hook.Path);
    }

    [Fact]
    public void Cached_compile_errors_are_reported_without_compiling()
    {
        var path = workspace.Write("broken.csx", "\n  nonsense(;");
        using (var first = workspace.NewSource())
        {
            first.Load(CancellationToken.None);
        }
        using var second = workspace.NewSource();

        var snapshot = second.Load(CancellationToken.None);

        Assert.Equal(0, second.Compilations);
        Assert.NotEmpty(snapshot.Problems);
        Assert.All(snapshot.Problems, p => Assert.Equal((path, 2), (p.File, p.Line)));
    }

    [Fact]
    public void Corrupt_cache_entry_is_replaced_by_a_fresh_compile()
    {
        workspace.Write("a.csx", """AddHook(HookStage.Prestart, "/bin/a");""");
        using (var first = workspace.NewSource())
        {
            first.Load(CancellationToken.None);
        }
        var cached = Assert.Single(Directory.GetFiles(workspace.CacheDirectory, "*.entry"));
        File.WriteAllText(cached, "not an assembly");
        using var second = workspace.NewSource();

        var snapshot = second.Load(CancellationToken.None);

        Assert.Equal(1, second.Compilations);
        Assert.Equal("/bin/a", Assert.Single(Run(Assert.Single(snapshot.Matchers), Containers.Create()).Added).Hook.Path);
        using var third = workspace.NewSource();
        third.Load(CancellationToken.None);
        Assert.Equal(0, third.Compilations);
    }

    [Fact]
    public void Unwritable_cache_does_not_stop_scripts_from_loading()
    {
        File.WriteAllText(workspace.CacheDirectory, "a file where the cache directory should be");
        workspace.Write("a.csx", """AddHook(HookStage.Prestart, "/bin/a");""");
        using var source = workspace.NewSource();

        var snapshot = source.Load(CancellationToken.None);

        Assert.Empty(snapshot.Problems);
        Assert.Single(Run(Assert.Single(snapshot.Matchers), Containers.Create()).Added);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LoadRunAndForget(ScriptSource source, string slot)
    {
        Run(Assert.Single(source.Load(CancellationToken.None).Matchers), Containers.Create());
        var context = new WeakReference(Assert.IsType<AssemblyLoadContext>(AppContext.GetData(slot)));
        AppContext.SetData(slot, null);
        return context;
    }

    /// <summary>Runs a script, counting the methods the JIT compiled on this thread meanwhile.</summary>
    private static (HookRecorder Recorder, long Compiled) RunCountingCompiledMethods(MatcherEntry entry, ContainerContext context)
    {
        var before = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: true);
        var recorder = Run(entry, context);
        return (recorder, System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: true) - before);
    }

    private static HookRecorder Run(MatcherEntry entry, ContainerContext context)
    {
        var recorder = new HookRecorder();
        entry.Matcher.AddHooks(context, recorder, CancellationToken.None);
        return recorder;
    }
}
