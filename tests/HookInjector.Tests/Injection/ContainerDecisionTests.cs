using System.Collections.Immutable;
using HookInjector.Abstractions;
using HookInjector.Host.Injection;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Configuration;
using HookInjector.Host.State;

namespace HookInjector.Tests.Injection;

/// <summary>The decision's sources after hooks.d run in the daemon; the worker's part is covered by WorkerSupervisorTests, hooks.d by HookInjectionAdjusterTests.</summary>
public sealed class ContainerDecisionTests
{
    private static readonly ContainerContext Context = new()
    {
        Pod = new PodInfo { Name = "p", Namespace = "default", Labels = new Dictionary<string, string> { ["trace"] = "true" } },
        Container = new ContainerInfo { Name = "c" },
    };

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

    private static PluginState Pipeline(ImmutableArray<MatcherEntry> matchers, ImmutableArray<MutatorEntry> mutators = default)
    {
        var state = PluginState.Unloaded(new PluginSettings());
        return state with { Sources = state.Sources.WithSource(PluginState.Rules, new SourceSnapshot(matchers, mutators.IsDefault ? [] : mutators, [])) };
    }

    private static async Task<Decision> Decide(PluginState state, CancellationToken cancellationToken, bool trace = false) =>
        await ContainerDecision.DecideAsync(state, worker: null, Context, createContainerRequest: null, existing: null, trace, TimeSpan.FromSeconds(1), cancellationToken);

    private static string[] Paths(InjectionPlan plan) => [.. plan[HookStage.Poststart].Select(hook => $"{hook.Origin}={hook.Hook.Path}")];

    [Fact]
    public async Task RunsMatchersInOrderAndRecordsEachOrigin()
    {
        var pipeline = Pipeline([Adds(HookSourceKind.Rule, "r", "/r"), Adds(HookSourceKind.Rule, "s", "/s"), Adds(HookSourceKind.Rule, "x", "/x")]);
        var plan = (await Decide(pipeline, CancellationToken.None)).Plan;
        Assert.Equal(["rule:r=/r", "rule:s=/s", "rule:x=/x"], Paths(plan));
    }

    [Fact]
    public async Task SkipsAThrowingMatcherAndKeepsTheOthers()
    {
        var broken = new MatcherEntry(new HookOrigin(HookSourceKind.Script, "broken.csx"), new Matcher("broken", (hooks, _) =>
        {
            hooks.Add(HookStage.Poststart, new OciHook("/half"));
            throw new InvalidOperationException("boom");
        }));
        var pipeline = Pipeline([broken, Adds(HookSourceKind.Rule, "r", "/r")]);
        var plan = (await Decide(pipeline, CancellationToken.None)).Plan;
        Assert.Equal(["rule:r=/r"], Paths(plan));
    }

    [Fact]
    public async Task AFailingMutatorLeavesThePlanAsItWas()
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

        var plan = (await Decide(pipeline, CancellationToken.None)).Plan;

        var hook = Assert.Single(plan[HookStage.Poststart]);
        Assert.Equal(["POD=p"], hook.Hook.Env);
    }

    [Fact]
    public async Task RefusesARelativeHookPathFromAMatcher()
    {
        var relative = new MatcherEntry(new HookOrigin(HookSourceKind.Rule, "rel"), new Matcher("rel", (hooks, _) => hooks.Add(HookStage.Poststart, new OciHook("bin/hook"))));
        var plan = (await Decide(Pipeline([relative]), CancellationToken.None)).Plan;
        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public async Task DropsWhatAFailingRuleAddedBeforeTheNextRuleRuns()
    {
        var broken = new MatcherEntry(new HookOrigin(HookSourceKind.Rule, "broken"), new Matcher("broken", (hooks, _) =>
        {
            hooks.Add(HookStage.Poststart, new OciHook("/half"));
            throw new InvalidOperationException("boom");
        }));
        var pipeline = Pipeline([Adds(HookSourceKind.Rule, "a", "/a"), broken, Adds(HookSourceKind.Rule, "b", "/b")]);

        var plan = (await Decide(pipeline, CancellationToken.None)).Plan;

        Assert.Equal(["rule:a=/a", "rule:b=/b"], Paths(plan));
    }

    [Fact]
    public async Task RulesRunWithTheCallersToken()
    {
        using var caller = new CancellationTokenSource();
        var seen = new List<CancellationToken>();
        var rule = new MatcherEntry(new HookOrigin(HookSourceKind.Rule, "r"), new Matcher("r", (_, token) => seen.Add(token)));

        await Decide(Pipeline([rule]), caller.Token);

        Assert.Equal([caller.Token], seen);
    }

    [Fact]
    public async Task StartsNothingOnceTheCallerHasCancelled()
    {
        using var caller = new CancellationTokenSource();
        caller.Cancel();
        var rule = Adds(HookSourceKind.Rule, "r", "/r");

        var plan = (await Decide(Pipeline([rule]), caller.Token)).Plan;

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public async Task NamesTheMutatorsThatChangedThePlan()
    {
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

        var result = (await Decide(pipeline, CancellationToken.None));

        Assert.Equal(["rule:b=/b", "rule:a=/a"], Paths(result.Plan));
        Assert.Equal([reordering.Origin], result.MutatedBy);
    }

    [Fact]
    public async Task NamesNoMutatorWhenNoneChangedThePlan()
    {
        var idle = new MutatorEntry(new HookOrigin(HookSourceKind.Rule, "idle"), new Mutator("idle", _ => { }));
        var result = await Decide(Pipeline([Adds(HookSourceKind.Rule, "a", "/a")], [idle]), CancellationToken.None);
        Assert.Empty(result.MutatedBy);
    }
}
