using HookInjector.Abstractions;
using HookInjector.Host.OciHooks.Selection;

namespace HookInjector.Tests.OciHooks;

public class ExistingHookFilterTests
{
    private static readonly string Bin = TestHooks.ExistingPath;

    private static HookSelection Select(string stages, string hook) =>
        new HookCatalog([TestHooks.FromJson("a.json", $$"""{"version":"1.0.0","hook":{{hook}},"when":{"always":true},"stages":{{stages}}}""")], strictMatching: false)
            .Select(HookConditionTests.Input("/bin/sh", "", false));

    public static TheoryData<string, HookStage, OciHook, int> Cases => new()
    {
        // same stage, identical hook: removed
        { """["poststop"]""", HookStage.Poststop, new OciHook(Bin, ["h"], ["A=1"], 5), 0 },
        // other stage: kept
        { """["poststop"]""", HookStage.Poststart, new OciHook(Bin, ["h"], ["A=1"], 5), 1 },
        // any field differs: kept
        { """["poststop"]""", HookStage.Poststop, new OciHook(Bin, ["h", "x"], ["A=1"], 5), 1 },
        { """["poststop"]""", HookStage.Poststop, new OciHook(Bin, ["h"], ["A=2"], 5), 1 },
        { """["poststop"]""", HookStage.Poststop, new OciHook(Bin, ["h"], ["A=1"], null), 1 },
        { """["poststop"]""", HookStage.Poststop, new OciHook(Bin + "x", ["h"], ["A=1"], 5), 1 },
        // a prestart file lands in createRuntime; an existing prestart copy counts
        { """["prestart"]""", HookStage.Prestart, new OciHook(Bin, ["h"], ["A=1"], 5), 0 },
        { """["createRuntime"]""", HookStage.CreateRuntime, new OciHook(Bin, ["h"], ["A=1"], 5), 0 },
        // duplicated stage names: every copy removed
        { """["poststop","poststop"]""", HookStage.Poststop, new OciHook(Bin, ["h"], ["A=1"], 5), 0 },
        { """["poststop","poststop"]""", HookStage.Poststart, new OciHook(Bin, ["h"], ["A=1"], 5), 2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Removes_hooks_the_container_already_has_at_that_stage(string stages, HookStage existingStage, OciHook existingHook, int remaining)
    {
        var selection = Select(stages, $$"""{"path":"{{Bin}}","args":["h"],"env":["A=1"],"timeout":5}""");
        var existing = new Dictionary<HookStage, IReadOnlyList<OciHook>> { [existingStage] = [new OciHook("/other"), existingHook] };
        var filtered = ExistingHookFilter.RemoveExisting(selection, existing);
        Assert.Equal(remaining, Enum.GetValues<HookStage>().Sum(stage => filtered[stage].Length));
        Assert.Equal(["a.json"], filtered.MatchedFileNames.ToArray());
    }

    [Fact]
    public void Empty_and_absent_args_are_the_same_hook()
    {
        var selection = Select("""["poststop"]""", $$"""{"path":"{{Bin}}"}""");
        var existing = new Dictionary<HookStage, IReadOnlyList<OciHook>> { [HookStage.Poststop] = [new OciHook(Bin, [], [], null)] };
        Assert.False(ExistingHookFilter.RemoveExisting(selection, existing).HasHooks);
    }

    [Fact]
    public void Nothing_to_remove_returns_the_same_selection()
    {
        var selection = Select("""["poststop"]""", $$"""{"path":"{{Bin}}"}""");
        Assert.Same(selection, ExistingHookFilter.RemoveExisting(selection, new Dictionary<HookStage, IReadOnlyList<OciHook>>()));
        Assert.Same(selection, ExistingHookFilter.RemoveExisting(selection, new Dictionary<HookStage, IReadOnlyList<OciHook>> { [HookStage.Poststop] = [new OciHook("/x")] }));
    }
}
