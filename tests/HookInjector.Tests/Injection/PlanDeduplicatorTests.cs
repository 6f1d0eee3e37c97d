using HookInjector.Abstractions;
using HookInjector.Host.Injection;
using HookInjector.Host.Injection.Nri;
using HookInjector.Host.Nri.Api;

namespace HookInjector.Tests.Injection;

public class PlanDeduplicatorTests
{
    private static readonly HookOrigin HooksD = new(HookSourceKind.HooksDirectory, "a.json");
    private static readonly HookOrigin Rule = new(HookSourceKind.Rule, "trace");
    private static readonly OciHook Planned = new("/bin/hook", ["h"], ["A=1"], 5);

    private static Hooks Existing(HookStage stage, params OciHook[] hooks)
    {
        var existing = new Hooks();
        foreach (var hook in hooks)
        {
            NriConversion.Stage(existing, stage).Add(NriConversion.ToNri(hook));
        }
        return existing;
    }

    private static InjectionPlan Plan(params (HookStage Stage, HookOrigin Origin, OciHook Hook)[] entries)
    {
        var plan = new InjectionPlan();
        foreach (var (stage, origin, hook) in entries)
        {
            plan.Add(stage, new PlannedHook(hook, origin));
        }
        return plan;
    }

    public static TheoryData<HookStage, HookStage, OciHook, int> ContainerCases => new()
    {
        // the same hook at the same stage is already there: dropped
        { HookStage.Poststop, HookStage.Poststop, new OciHook("/bin/hook", ["h"], ["A=1"], 5), 0 },
        // another stage: kept
        { HookStage.Poststop, HookStage.Poststart, new OciHook("/bin/hook", ["h"], ["A=1"], 5), 1 },
        // any field differs: kept
        { HookStage.Poststop, HookStage.Poststop, new OciHook("/bin/hook", ["h", "x"], ["A=1"], 5), 1 },
        { HookStage.Poststop, HookStage.Poststop, new OciHook("/bin/hook", ["h"], ["A=2"], 5), 1 },
        { HookStage.Poststop, HookStage.Poststop, new OciHook("/bin/hook", ["h"], ["A=1"], null), 1 },
        { HookStage.Poststop, HookStage.Poststop, new OciHook("/bin/other", ["h"], ["A=1"], 5), 1 },
        // prestart files land in createRuntime here; a runtime that wrote them to prestart already has them
        { HookStage.CreateRuntime, HookStage.Prestart, new OciHook("/bin/hook", ["h"], ["A=1"], 5), 0 },
        { HookStage.CreateRuntime, HookStage.CreateRuntime, new OciHook("/bin/hook", ["h"], ["A=1"], 5), 0 },
    };

    [Theory]
    [MemberData(nameof(ContainerCases))]
    public void DropsHooksTheContainerAlreadyHas(HookStage plannedStage, HookStage existingStage, OciHook existing, int remaining)
    {
        var plan = Plan((plannedStage, HooksD, Planned));
        PlanDeduplicator.Apply(plan, Existing(existingStage, new OciHook("/unrelated"), existing));
        Assert.Equal(remaining, plan.Entries().Count());
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 0)]
    [InlineData(3, 0)]
    public void EachCopyInTheContainerCancelsOnePlannedCopy(int inContainer, int remaining)
    {
        var plan = Plan((HookStage.Poststop, HooksD, Planned), (HookStage.Poststop, new HookOrigin(HookSourceKind.HooksDirectory, "b.json"), Planned));
        var dropped = PlanDeduplicator.Apply(plan, Existing(HookStage.Poststop, [.. Enumerable.Repeat(Planned, inContainer)]));
        Assert.Equal(remaining, plan[HookStage.Poststop].Count);
        Assert.All(dropped, hook => Assert.Null(hook.KeptFrom));
    }

    [Fact]
    public void EveryHooksDirectoryFileGivesItsHookAsCriODoes()
    {
        // Three 0.1.0 files that all give /bin/true at prestart: CRI-O and podman inject it three times.
        var trueHook = new OciHook("/bin/true");
        var plan = Plan(
            (HookStage.CreateRuntime, new HookOrigin(HookSourceKind.HooksDirectory, "a.json"), trueHook),
            (HookStage.CreateRuntime, new HookOrigin(HookSourceKind.HooksDirectory, "b.json"), trueHook),
            (HookStage.CreateRuntime, new HookOrigin(HookSourceKind.HooksDirectory, "c.json"), trueHook));

        var dropped = PlanDeduplicator.Apply(plan, existing: null);

        Assert.Equal(["a.json", "b.json", "c.json"], plan[HookStage.CreateRuntime].Select(hook => hook.Origin.Name));
        Assert.Empty(dropped);
    }

    [Fact]
    public void KeepsRepeatsOfOneSourceLikeTheHookManager()
    {
        var plan = Plan((HookStage.Poststop, HooksD, Planned), (HookStage.Poststop, HooksD, Planned));
        PlanDeduplicator.Apply(plan, existing: null);
        Assert.Equal(2, plan[HookStage.Poststop].Count);
    }

    [Fact]
    public void KeepsTheFirstSourcesCopyWhenAnotherSourcePlansTheSameHook()
    {
        var plan = Plan((HookStage.Poststop, HooksD, Planned), (HookStage.Poststop, Rule, Planned), (HookStage.Poststart, Rule, Planned));
        PlanDeduplicator.Apply(plan, new Hooks());
        Assert.Equal([HooksD], plan[HookStage.Poststop].Select(hook => hook.Origin));
        Assert.Equal([Rule], plan[HookStage.Poststart].Select(hook => hook.Origin));
    }

    [Fact]
    public void KeepsEveryHooksDirectoryCopyAndAddsNothingTwiceFromOtherSources()
    {
        var script = new HookOrigin(HookSourceKind.Script, "trace.csx");
        var other = new OciHook("/bin/other");
        var plan = Plan(
            (HookStage.Poststop, HooksD, Planned),
            (HookStage.Poststop, HooksD, Planned),
            (HookStage.Poststop, Rule, other),
            (HookStage.Poststop, Rule, Planned),
            (HookStage.Poststop, HooksD, Planned),
            (HookStage.Poststop, script, Planned),
            (HookStage.Poststop, script, other));

        var dropped = PlanDeduplicator.Apply(plan, existing: null);

        Assert.Equal(
            [(HooksD, Planned), (HooksD, Planned), (Rule, other), (HooksD, Planned)],
            plan[HookStage.Poststop].Select(hook => (hook.Origin, hook.Hook)));
        Assert.Equal(
            [(Rule, HooksD), (script, HooksD), (script, Rule)],
            dropped.Select(hook => (hook.Hook.Origin, hook.KeptFrom!)));
    }

    [Fact]
    public void EmptyAndAbsentArgumentsAreTheSameHook()
    {
        var plan = Plan((HookStage.Poststop, HooksD, new OciHook("/bin/hook")));
        PlanDeduplicator.Apply(plan, Existing(HookStage.Poststop, new OciHook("/bin/hook", [], [], null)));
        Assert.True(plan.IsEmpty);
    }
}
