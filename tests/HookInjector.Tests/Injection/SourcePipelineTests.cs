using System.Collections.Immutable;
using HookInjector.Abstractions;
using HookInjector.Host.Injection;
using HookInjector.Host.Injection.Isolation;
using HookInjector.Host.Injection.Sources;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.Injection;

[Collection(SerialBudgetedCalls.Name)]
public sealed class SourcePipelineTests : IDisposable
{
    private static readonly ContainerContext Context = new()
    {
        Pod = new PodInfo { Name = "p", Namespace = "default", Labels = new Dictionary<string, string> { ["trace"] = "true" } },
        Container = new ContainerInfo { Name = "c" },
    };

    private readonly IsolationCounters counters = new();
    private readonly ManualResetEventSlim release = new();

    public void Dispose()
    {
        release.Set();
        release.Dispose();
    }

    private sealed class Matcher(string name, Action<IHookCollector, CancellationToken> body) : IHookMatcher
    {
        public string Name => name;

        public void AddHooks(ContainerContext context, IHookCollector hooks, CancellationToken cancellationToken) => body(hooks, cancellationToken);
    }

    private sealed class Mutator(string name, Action<InjectionPlan> body) : IPlanMutator
    {
        public string Name => name;

        public void Mutate(ContainerContext context, InjectionPlan plan, CancellationToken cancellationToken) => body(plan);
    }

    private static MatcherEntry Adds(HookSourceKind kind, string name, string path) =>
        new(new HookOrigin(kind, name), new Matcher(name, (hooks, _) => hooks.Add(HookStage.Poststart, new OciHook(path))));

    private SourcePipeline Pipeline(ImmutableArray<MatcherEntry> matchers, ImmutableArray<MutatorEntry> mutators = default)
    {
        var snapshot = new SourceSnapshot(matchers, mutators.IsDefault ? [] : mutators, []);
        var runner = new HookSourcesRunner([new HookSourceDefinition("test", "/nonexistent", _ => snapshot)], watch: false, TimeProvider.System, NullLogger<HookSourcesRunner>.Instance);
        runner.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        return new SourcePipeline(runner, counters, NullLogger<SourcePipeline>.Instance);
    }

    private static string[] Paths(InjectionPlan plan) => [.. plan[HookStage.Poststart].Select(hook => $"{hook.Origin}={hook.Hook.Path}")];

    [Fact]
    public void RunsMatchersInOrderAndRecordsEachOrigin()
    {
        var pipeline = Pipeline([Adds(HookSourceKind.Rule, "r", "/r"), Adds(HookSourceKind.Script, "s.csx", "/s"), Adds(HookSourceKind.Extension, "x/m", "/x")]);
        var plan = pipeline.Run("p/c", Context, new InjectionPlan(), CancellationToken.None).Plan;
        Assert.Equal(["rule:r=/r", "script:s.csx=/s", "extension:x/m=/x"], Paths(plan));
    }

    [Fact]
    public void SkipsAThrowingMatcherAndKeepsTheOthers()
    {
        var broken = new MatcherEntry(new HookOrigin(HookSourceKind.Script, "broken.csx"), new Matcher("broken", (hooks, _) =>
        {
            hooks.Add(HookStage.Poststart, new OciHook("/half"));
            throw new InvalidOperationException("boom");
        }));
        var pipeline = Pipeline([broken, Adds(HookSourceKind.Rule, "r", "/r")]);
        var plan = pipeline.Run("p/c", Context, new InjectionPlan(), CancellationToken.None).Plan;
        Assert.Equal(["rule:r=/r"], Paths(plan));
        Assert.Equal(1, counters.Count(broken.Origin, CallResult.Failed));
    }

    [Fact]
    public async Task ManyContainersAtOnceAllGetTheirScriptAndExtensionHooks()
    {
        var pipeline = Pipeline([Adds(HookSourceKind.Script, "a.csx", "/a"), Adds(HookSourceKind.Script, "b.csx", "/b"), Adds(HookSourceKind.Extension, "x/m", "/x")]);

        // Each caller blocks while its calls run, but the calls run on the isolation threads: a
        // burst of containers cannot starve the thread pool of the threads their calls need.
        var plans = await Task.WhenAll(Enumerable.Range(0, 128).Select(index => Task.Run(() =>
            pipeline.Run($"p/c{index}", Context, new InjectionPlan(), CancellationToken.None).Plan)));

        Assert.All(plans, plan => Assert.Equal(["script:a.csx=/a", "script:b.csx=/b", "extension:x/m=/x"], Paths(plan)));
    }

    [Fact]
    public void AbandonsAMatcherThatLoopsAndSkipsItUntilItsSourceReloads()
    {
        var calls = 0;
        var looping = new MatcherEntry(new HookOrigin(HookSourceKind.Extension, "x/loop"), new Matcher("loop", (hooks, _) =>
        {
            Interlocked.Increment(ref calls);
            hooks.Add(HookStage.Poststart, new OciHook("/late"));
            release.Wait(CancellationToken.None); // ignores its token, like a loop that never checks it
        }));
        var pipeline = Pipeline([looping, Adds(HookSourceKind.Rule, "r", "/r")]);

        var first = pipeline.Run("p/c", Context, new InjectionPlan(), CancellationToken.None).Plan;
        var second = pipeline.Run("p/c2", Context, new InjectionPlan(), CancellationToken.None).Plan;

        Assert.Equal(["rule:r=/r"], Paths(first));
        Assert.Equal(["rule:r=/r"], Paths(second));
        Assert.Equal(1, Volatile.Read(ref calls));
        Assert.Equal(1, counters.Count(looping.Origin, CallResult.TimedOut));
    }

    [Fact]
    public void AfterAnOverrunTheSameCodeIsNotCalledAgainForTheContainerButTheOthersAre()
    {
        var origin = new HookOrigin(HookSourceKind.Extension, "x/both");
        var mutated = 0;
        var looping = new MatcherEntry(origin, new Matcher("both", (_, _) => release.Wait(CancellationToken.None)));
        var sameCode = new MutatorEntry(origin, new Mutator("both", _ => Interlocked.Increment(ref mutated)));
        var pipeline = Pipeline([looping, Adds(HookSourceKind.Script, "s.csx", "/s")], [sameCode]);

        var plan = pipeline.Run("p/c", Context, new InjectionPlan(), CancellationToken.None).Plan;

        Assert.Equal(["script:s.csx=/s"], Paths(plan));
        Assert.Equal(0, Volatile.Read(ref mutated));
        Assert.Equal(1, counters.Count(origin, CallResult.TimedOut));
    }

    [Fact]
    public void AFailingMutatorLeavesThePlanAsItWas()
    {
        var failing = new MutatorEntry(new HookOrigin(HookSourceKind.Extension, "x/bad"), new Mutator("bad", plan =>
        {
            plan[HookStage.Poststart].Clear();
            throw new InvalidOperationException("boom");
        }));
        var renaming = new MutatorEntry(new HookOrigin(HookSourceKind.Extension, "x/env"), new Mutator("env", plan =>
        {
            var hooks = plan[HookStage.Poststart];
            hooks[0] = hooks[0] with { Hook = hooks[0].Hook with { Env = ["POD=p"] } };
        }));
        var pipeline = Pipeline([Adds(HookSourceKind.Rule, "r", "/r")], [failing, renaming]);

        var plan = pipeline.Run("p/c", Context, new InjectionPlan(), CancellationToken.None).Plan;

        var hook = Assert.Single(plan[HookStage.Poststart]);
        Assert.Equal(["POD=p"], hook.Hook.Env);
        Assert.Equal(1, counters.Count(failing.Origin, CallResult.Failed));
    }

    [Fact]
    public void RefusesARelativeHookPathFromAMatcher()
    {
        // A rule runs inline, so the outcome does not depend on how busy the thread pool is.
        var relative = new MatcherEntry(new HookOrigin(HookSourceKind.Rule, "rel"), new Matcher("rel", (hooks, _) => hooks.Add(HookStage.Poststart, new OciHook("bin/hook"))));
        var plan = Pipeline([relative]).Run("p/c", Context, new InjectionPlan(), CancellationToken.None).Plan;
        Assert.True(plan.IsEmpty);
        Assert.Equal(1, counters.Count(relative.Origin, CallResult.Failed));
    }

    [Fact]
    public void DropsWhatAFailingRuleAddedBeforeTheNextRuleRuns()
    {
        var broken = new MatcherEntry(new HookOrigin(HookSourceKind.Rule, "broken"), new Matcher("broken", (hooks, _) =>
        {
            hooks.Add(HookStage.Poststart, new OciHook("/half"));
            throw new InvalidOperationException("boom");
        }));
        var pipeline = Pipeline([Adds(HookSourceKind.Rule, "a", "/a"), broken, Adds(HookSourceKind.Rule, "b", "/b")]);

        var plan = pipeline.Run("p/c", Context, new InjectionPlan(), CancellationToken.None).Plan;

        Assert.Equal(["rule:a=/a", "rule:b=/b"], Paths(plan));
        Assert.Equal(1, counters.Count(broken.Origin, CallResult.Failed));
    }

    [Fact]
    public void RulesRunWithTheCallersToken()
    {
        using var caller = new CancellationTokenSource();
        var seen = new List<CancellationToken>();
        var rule = new MatcherEntry(new HookOrigin(HookSourceKind.Rule, "r"), new Matcher("r", (_, token) => seen.Add(token)));

        Pipeline([rule]).Run("p/c", Context, new InjectionPlan(), caller.Token);

        Assert.Equal([caller.Token], seen);
    }

    [Fact]
    public void StartsNothingOnceTheCallerHasCancelled()
    {
        using var caller = new CancellationTokenSource();
        caller.Cancel();
        var rule = Adds(HookSourceKind.Rule, "r", "/r");

        var plan = Pipeline([rule]).Run("p/c", Context, new InjectionPlan(), caller.Token).Plan;

        Assert.True(plan.IsEmpty);
        Assert.Equal(1, counters.Count(rule.Origin, CallResult.NotStarted));
    }

    [Fact]
    public void NamesTheMutatorsThatChangedThePlan()
    {
        // Rule origins run inline, so the outcome does not depend on how busy the thread pool is.
        var idle = new MutatorEntry(new HookOrigin(HookSourceKind.Rule, "idle"), new Mutator("idle", _ => { }));
        var reordering = new MutatorEntry(new HookOrigin(HookSourceKind.Rule, "reorder"), new Mutator("reorder", plan =>
        {
            var hooks = plan[HookStage.Poststart];
            (hooks[0], hooks[1]) = (hooks[1], hooks[0]);
        }));
        var failing = new MutatorEntry(new HookOrigin(HookSourceKind.Rule, "bad"), new Mutator("bad", plan =>
        {
            plan[HookStage.Poststart].Clear();
            throw new InvalidOperationException("boom");
        }));
        var pipeline = Pipeline([Adds(HookSourceKind.Rule, "a", "/a"), Adds(HookSourceKind.Rule, "b", "/b")], [idle, reordering, failing]);

        var result = pipeline.Run("p/c", Context, new InjectionPlan(), CancellationToken.None);

        Assert.Equal(["rule:b=/b", "rule:a=/a"], Paths(result.Plan));
        Assert.Equal([reordering.Origin], result.MutatedBy);
    }

    [Fact]
    public void NamesNoMutatorWhenNoneChangedThePlan()
    {
        var idle = new MutatorEntry(new HookOrigin(HookSourceKind.Rule, "idle"), new Mutator("idle", _ => { }));
        var result = Pipeline([Adds(HookSourceKind.Rule, "a", "/a")], [idle]).Run("p/c", Context, new InjectionPlan(), CancellationToken.None);
        Assert.Empty(result.MutatedBy);
    }
}
