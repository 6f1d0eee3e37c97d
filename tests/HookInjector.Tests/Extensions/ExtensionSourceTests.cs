using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using HookInjector.Abstractions;
using HookInjector.Host.Extensions;
using HookInjector.Host.Injection.Sources;
using HookInjector.Tests.Rules.Scripts;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.Extensions;

public sealed class ExtensionSourceTests : IDisposable
{
    private readonly ExtensionWorkspace workspace = new();

    public void Dispose() => workspace.Dispose();

    [Fact]
    public void Missing_directory_gives_an_empty_snapshot()
    {
        Directory.Delete(workspace.ExtensionsDirectory);
        using var source = workspace.NewSource();

        var snapshot = source.Load(CancellationToken.None);

        Assert.Empty(snapshot.Matchers);
        Assert.Empty(snapshot.Mutators);
        Assert.Empty(snapshot.Problems);
    }

    [Fact]
    public void Sample_extension_loads_from_its_built_output_in_its_own_context()
    {
        workspace.InstallSample("PodInfoEnv");
        using var source = workspace.NewSource();

        var snapshot = source.Load(CancellationToken.None);

        Assert.Empty(snapshot.Problems);
        var matcher = Assert.Single(snapshot.Matchers);
        var mutator = Assert.Single(snapshot.Mutators);
        Assert.Equal(new HookOrigin(HookSourceKind.Extension, "PodInfoEnv/device-class"), matcher.Origin);
        Assert.Equal(new HookOrigin(HookSourceKind.Extension, "PodInfoEnv/pod-identity-env"), mutator.Origin);
        Assert.NotSame(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(matcher.Matcher.GetType().Assembly));
    }

    [Fact]
    public void Sample_extension_selects_and_mutates_like_its_documentation_says()
    {
        workspace.InstallSample("PodInfoEnv");
        using var source = workspace.NewSource();
        var snapshot = source.Load(CancellationToken.None);
        var context = Containers.Create(pod: "trainer-0", podNamespace: "ml",
            labels: new Dictionary<string, string> { ["hook-injector.example/device-class"] = "gpu" });

        var recorder = new HookRecorder();
        snapshot.Matchers[0].Matcher.AddHooks(context, recorder, CancellationToken.None);
        var plan = new InjectionPlan();
        foreach (var (stage, hook) in recorder.Added)
        {
            plan.Add(stage, new PlannedHook(hook, snapshot.Matchers[0].Origin));
        }
        snapshot.Mutators[0].Mutator.Mutate(context, plan, CancellationToken.None);

        var (plannedStage, planned) = Assert.Single(plan.Entries());
        Assert.Equal(HookStage.CreateRuntime, plannedStage);
        Assert.Equal(
            new OciHook("/usr/local/libexec/hook-injector/device-class/gpu", [], ["HOOK_POD_NAME=trainer-0", "HOOK_POD_NAMESPACE=ml"], null),
            planned.Hook);
        Assert.Empty(Run(snapshot.Matchers[0], Containers.Create()));
    }

    [Fact]
    public void Relative_extensions_directory_counts_from_the_working_directory()
    {
        workspace.Build("Here", ExtensionWorkspace.Matcher("HereMatcher", "here", "/bin/here"));
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, workspace.ExtensionsDirectory);
        using var source = new ExtensionSource(new ExtensionSourceOptions(relative), NullLogger<ExtensionSource>.Instance);

        var snapshot = source.Load(CancellationToken.None);

        Assert.Empty(snapshot.Problems);
        Assert.Equal(["Here/here"], snapshot.Matchers.Select(m => m.Origin.Name));
    }

    [Fact]
    public void Folder_without_a_matching_assembly_is_reported_and_others_still_load()
    {
        var assembly = workspace.Build("Good", ExtensionWorkspace.Matcher("GoodMatcher", "good", "/bin/good"));
        Directory.CreateDirectory(workspace.FolderOf("Renamed"));
        File.Copy(assembly, Path.Combine(workspace.FolderOf("Renamed"), "Other.dll"));
        using var source = workspace.NewSource();

        var snapshot = source.Load(CancellationToken.None);

        Assert.Equal(["Good/good"], snapshot.Matchers.Select(m => m.Origin.Name));
        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal(workspace.FolderOf("Renamed"), problem.File);
        Assert.Contains("has no Renamed.dll", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_FIFO_named_like_the_assembly_is_reported_instead_of_hanging_the_load()
    {
        workspace.Build("Good", ExtensionWorkspace.Matcher("GoodMatcher", "good", "/bin/good"));
        Directory.CreateDirectory(workspace.FolderOf("X"));
        var fifo = Platform.Fifo.Create(Path.Combine(workspace.FolderOf("X"), "X.dll"));
        using var source = workspace.NewSource();

        var snapshot = source.Load(CancellationToken.None);

        Assert.Equal(["Good/good"], snapshot.Matchers.Select(m => m.Origin.Name));
        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal(workspace.FolderOf("X"), problem.File);
        Assert.Equal($"extension X: {fifo}: not a regular file (FIFO); the assembly loader could hang on it, so the extension is not loaded", problem.Message);
    }

    [Fact]
    public void The_contract_check_refuses_a_FIFO_without_opening_it_for_the_loader()
    {
        Directory.CreateDirectory(workspace.FolderOf("X"));
        var fifo = Platform.Fifo.Create(Path.Combine(workspace.FolderOf("X"), "X.dll"));

        Assert.Equal("cannot be read: not a regular file (FIFO); refusing to read it", ContractCompatibility.Incompatibility(fifo));
    }

    [Fact]
    public void Two_symlinks_to_an_ancestor_in_a_folder_do_not_keep_the_extension_from_loading()
    {
        workspace.Build("Good", ExtensionWorkspace.Matcher("GoodMatcher", "good", "/bin/good"));
        File.CreateSymbolicLink(Path.Combine(workspace.FolderOf("Good"), "up"), workspace.FolderOf("Good"));
        File.CreateSymbolicLink(Path.Combine(workspace.FolderOf("Good"), "top"), workspace.ExtensionsDirectory);
        using var source = workspace.NewSource();

        var snapshot = source.Load(CancellationToken.None);

        Assert.Empty(snapshot.Problems);
        Assert.Equal(["Good/good"], snapshot.Matchers.Select(m => m.Origin.Name));
    }

    [Fact]
    public void A_cancelled_load_stops_before_the_next_folder()
    {
        workspace.Build("Good", ExtensionWorkspace.Matcher("GoodMatcher", "good", "/bin/good"));
        using var source = workspace.NewSource();

        Assert.Throws<OperationCanceledException>(() => source.Load(new CancellationToken(canceled: true)));
    }

    [Fact]
    public void An_extension_is_compiled_while_it_loads_so_that_its_first_call_compiles_nothing()
    {
        // Two extensions alike but for their own code: a matcher, a helper type with a static table, and a lambda.
        foreach (var (name, label) in new[] { ("First", "tea"), ("Second", "team") })
        {
            workspace.Build(name, $$"""
                using System.Linq;
                public sealed class LabelMatcher : IHookMatcher
                {
                    public string Name => "label";
                    public void AddHooks(ContainerContext context, IHookCollector hooks, CancellationToken cancellationToken)
                    {
                        if (Table.Wanted(context)) hooks.Add(HookStage.Prestart, new OciHook(Table.Paths[0]));
                    }
                }
                internal static class Table
                {
                    public static readonly string[] Paths = new[] { "/bin/{{name}}" };
                    public static bool Wanted(ContainerContext context) =>
                        context.Pod.Labels.Keys.Any(key => key.StartsWith("{{label}}", StringComparison.Ordinal));
                }
                """);
        }
        using var source = workspace.NewSource();
        var matchers = source.Load(CancellationToken.None).Matchers;
        var container = Containers.Create(labels: new Dictionary<string, string> { ["team"] = "red" });
        // The first call compiles what every extension shares: the plugin's side of a call, the framework's.
        matchers[0].Matcher.AddHooks(container, new HookRecorder(), CancellationToken.None);

        var recorder = new HookRecorder();
        var before = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: true);
        matchers[1].Matcher.AddHooks(container, recorder, CancellationToken.None);
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: true) - before;

        Assert.Equal("/bin/Second", Assert.Single(recorder.Added).Hook.Path);
        Assert.Equal(0, compiled);
    }

    [Fact]
    public void Constructor_that_throws_is_reported_with_extension_and_type_and_nothing_else_is_affected()
    {
        var assembly = workspace.Build("Mixed", """
            public sealed class Exploding : IHookMatcher
            {
                public Exploding() => throw new InvalidOperationException("no device plugin socket");
                public string Name => "exploding";
                public void AddHooks(ContainerContext context, IHookCollector hooks, CancellationToken cancellationToken) { }
            }
            """ + ExtensionWorkspace.Matcher("Working", "working", "/bin/working"));
        workspace.Build("Other", ExtensionWorkspace.Matcher("OtherMatcher", "other", "/bin/other"));
        using var source = workspace.NewSource();

        var snapshot = source.Load(CancellationToken.None);

        Assert.Equal(["Mixed/working", "Other/other"], snapshot.Matchers.Select(m => m.Origin.Name));
        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal(assembly, problem.File);
        Assert.Equal("extension Mixed: Exploding constructor threw InvalidOperationException: no device plugin socket", problem.Message);
    }

    [Fact]
    public void Extensions_with_conflicting_dependency_versions_each_use_their_own()
    {
        foreach (var (extension, version, text) in new[] { ("Alpha", "1.0.0.0", "one"), ("Beta", "2.0.0.0", "two") })
        {
            var helper = Path.Combine(workspace.Scratch(extension), "Greeting.dll");
            TestAssemblyCompiler.Compile($$"""
                [assembly: System.Reflection.AssemblyVersion("{{version}}")]
                public static class Greeting { public static string Text => "{{text}}"; }
                """, helper, []);
            workspace.Build(extension, $$"""
                public sealed class Greeter : IHookMatcher
                {
                    public string Name => "greeter";
                    public void AddHooks(ContainerContext context, IHookCollector hooks, CancellationToken cancellationToken) =>
                        hooks.Add(HookStage.Prestart, new OciHook("/bin/" + Greeting.Text));
                }
                """, helper);
            File.Copy(helper, Path.Combine(workspace.FolderOf(extension), "Greeting.dll"));
        }
        using var source = workspace.NewSource();

        var snapshot = source.Load(CancellationToken.None);

        Assert.Empty(snapshot.Problems);
        Assert.Equal(["/bin/one", "/bin/two"], snapshot.Matchers.Select(m => Assert.Single(Run(m, Containers.Create())).Hook.Path));
    }

    [Fact]
    public void Extension_built_against_another_contract_major_version_is_refused_before_loading()
    {
        var futureContract = Path.Combine(workspace.Scratch("future"), "HookInjector.Abstractions.dll");
        TestAssemblyCompiler.Compile("""
            [assembly: System.Reflection.AssemblyVersion("2.0.0.0")]
            namespace HookInjector.Abstractions;
            public interface IHookMatcher { string Name { get; } }
            """, futureContract, []);
        var assembly = workspace.Build("Future", """
            public sealed class FutureMatcher : IHookMatcher { public string Name => "future"; }
            """, futureContract);
        using var source = workspace.NewSource();

        var snapshot = source.Load(CancellationToken.None);

        Assert.Empty(snapshot.Matchers);
        Assert.Equal(
            new SourceProblem(assembly, null, null, "extension Future: is built against HookInjector.Abstractions 2.0, this host provides 1.0"),
            Assert.Single(snapshot.Problems));
    }

    [Fact]
    public void Assembly_without_the_contract_or_not_an_assembly_is_reported()
    {
        TestAssemblyCompiler.Compile("public static class Unrelated { }", Path.Combine(workspace.FolderOf("Unrelated"), "Unrelated.dll"), []);
        Directory.CreateDirectory(workspace.FolderOf("Garbage"));
        File.WriteAllText(Path.Combine(workspace.FolderOf("Garbage"), "Garbage.dll"), "not a PE file");
        using var source = workspace.NewSource();

        var problems = source.Load(CancellationToken.None).Problems;

        Assert.Collection(problems,
            garbage => Assert.StartsWith("extension Garbage: is not a .NET assembly", garbage.Message, StringComparison.Ordinal),
            unrelated => Assert.Equal("extension Unrelated: does not reference HookInjector.Abstractions, so it can provide neither matchers nor mutators", unrelated.Message));
    }

    [Fact]
    public void Extension_whose_dependencies_cannot_be_resolved_is_reported_and_others_still_load()
    {
        var missingHelper = Path.Combine(workspace.Scratch("helper"), "Helper.dll");
        TestAssemblyCompiler.Compile("public static class Helper { public static string Path => \"/bin/helper\"; }", missingHelper, []);
        var incomplete = workspace.Build("Incomplete", """
            public sealed class UsesHelper : IHookMatcher
            {
                public string Name => Helper.Path;
                public void AddHooks(ContainerContext context, IHookCollector hooks, CancellationToken cancellationToken) { }
            }
            """, missingHelper);
        var brokenDeps = workspace.Build("BrokenDeps", ExtensionWorkspace.Matcher("M", "m", "/bin/m"));
        File.WriteAllText(Path.ChangeExtension(brokenDeps, ".deps.json"), "{ this is not json");
        workspace.Build("Fine", ExtensionWorkspace.Matcher("FineMatcher", "fine", "/bin/fine"));
        using var source = workspace.NewSource();

        var snapshot = source.Load(CancellationToken.None);

        Assert.Equal(["Fine/fine"], snapshot.Matchers.Select(m => m.Origin.Name));
        Assert.Equal([brokenDeps, incomplete], snapshot.Problems.Select(p => p.File));
        Assert.StartsWith("extension BrokenDeps: cannot be loaded: ", snapshot.Problems[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("extension Incomplete: UsesHelper Name threw FileNotFoundException: Could not load file or assembly 'Helper", snapshot.Problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Types_that_cannot_be_used_are_reported_one_by_one()
    {
        workspace.Build("Odd", """
            public sealed class NeedsArgument(string path) : IHookMatcher
            {
                public string Name => path;
                public void AddHooks(ContainerContext context, IHookCollector hooks, CancellationToken cancellationToken) { }
            }
            public sealed class NamelessMatcher : IHookMatcher
            {
                public string Name => throw new NotSupportedException("later");
                public void AddHooks(ContainerContext context, IHookCollector hooks, CancellationToken cancellationToken) { }
            }
            public abstract class AbstractMatcher : IHookMatcher
            {
                public string Name => "abstract";
                public void AddHooks(ContainerContext context, IHookCollector hooks, CancellationToken cancellationToken) { }
            }
            internal sealed class HiddenMatcher : IHookMatcher
            {
                public string Name => "hidden";
                public void AddHooks(ContainerContext context, IHookCollector hooks, CancellationToken cancellationToken) { }
            }
            """ + ExtensionWorkspace.Matcher("First", "same", "/bin/first") + ExtensionWorkspace.Matcher("Second", "same", "/bin/second"));
        using var source = workspace.NewSource();

        var snapshot = source.Load(CancellationToken.None);

        Assert.Equal(["Odd/same"], snapshot.Matchers.Select(m => m.Origin.Name));
        Assert.Equal("/bin/first", Assert.Single(Run(snapshot.Matchers[0], Containers.Create())).Hook.Path);
        Assert.Equal(
            [
                "extension Odd: NamelessMatcher Name threw NotSupportedException: later",
                "extension Odd: NeedsArgument has no public parameterless constructor",
                "extension Odd: Second is a second matcher named 'same' in this extension",
            ],
            snapshot.Problems.Select(p => p.Message));
    }

    [Fact]
    public void A_type_that_is_both_matcher_and_mutator_is_created_once_and_used_as_both()
    {
        workspace.Build("Both", """
            public sealed class MatchAndMutate : IHookMatcher, IPlanMutator
            {
                public string Name => "both";
                public void AddHooks(ContainerContext context, IHookCollector hooks, CancellationToken cancellationToken) { }
                public void Mutate(ContainerContext context, InjectionPlan plan, CancellationToken cancellationToken) { }
            }
            """);
        using var source = workspace.NewSource();

        var snapshot = source.Load(CancellationToken.None);

        Assert.Same(Assert.Single(snapshot.Matchers).Matcher, Assert.Single(snapshot.Mutators).Mutator);
        Assert.Equal("Both/both", snapshot.Mutators[0].Origin.Name);
    }

    [Fact]
    public void Contributions_are_ordered_by_folder_name_then_type_full_name()
    {
        workspace.Build("b", ExtensionWorkspace.Matcher("Zeta", "z", "/bin/z") + ExtensionWorkspace.Matcher("Alpha", "a", "/bin/a"));
        workspace.Build("B", "namespace Later { " + ExtensionWorkspace.Matcher("A", "later", "/bin/l") + " }" + ExtensionWorkspace.Matcher("Mid", "mid", "/bin/m"));
        workspace.Build("a", ExtensionWorkspace.Matcher("Only", "only", "/bin/o"));
        Directory.CreateDirectory(workspace.FolderOf("..data"));
        using var source = workspace.NewSource();

        var snapshot = source.Load(CancellationToken.None);

        Assert.Empty(snapshot.Problems);
        Assert.Equal(["B/later", "B/mid", "a/only", "b/a", "b/z"], snapshot.Matchers.Select(m => m.Origin.Name));
    }

    [Fact]
    public void Reload_keeps_unchanged_extensions_and_replaces_changed_ones()
    {
        workspace.Build("Stable", ExtensionWorkspace.Matcher("StableMatcher", "stable", "/bin/stable"));
        workspace.Build("Moving", ExtensionWorkspace.Matcher("MovingMatcher", "moving", "/bin/v1"));
        using var source = workspace.NewSource();
        var before = source.Load(CancellationToken.None);

        workspace.Build("Moving", ExtensionWorkspace.Matcher("MovingMatcher", "moving", "/bin/version-2"));
        var after = source.Load(CancellationToken.None);

        Assert.Same(before.Matchers[1].Matcher, after.Matchers[1].Matcher);
        Assert.Equal("/bin/version-2", Assert.Single(Run(after.Matchers[0], Containers.Create())).Hook.Path);
        Assert.Equal("/bin/v1", Assert.Single(Run(before.Matchers[0], Containers.Create())).Hook.Path);
    }

    [Fact]
    public void Removed_extension_leaves_the_snapshot_and_its_code_is_unloaded_once_unused()
    {
        workspace.Build("Gone", ExtensionWorkspace.Matcher("GoneMatcher", "gone", "/bin/gone"));
        using var source = workspace.NewSource();
        var context = LoadAndForget(source);

        Directory.Delete(workspace.FolderOf("Gone"), recursive: true);
        Assert.Empty(source.Load(CancellationToken.None).Matchers);

        for (var attempt = 0; attempt < 20 && context.IsAlive; attempt++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.False(context.IsAlive);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LoadAndForget(ExtensionSource source)
    {
        var matcher = Assert.Single(source.Load(CancellationToken.None).Matchers).Matcher;
        return new WeakReference(AssemblyLoadContext.GetLoadContext(matcher.GetType().Assembly));
    }

    private static List<(HookStage Stage, OciHook Hook)> Run(MatcherEntry entry, ContainerContext context)
    {
        var recorder = new HookRecorder();
        entry.Matcher.AddHooks(context, recorder, CancellationToken.None);
        return recorder.Added;
    }
}
