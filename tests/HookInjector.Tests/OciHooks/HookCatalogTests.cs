using HookInjector.Abstractions;
using HookInjector.Host.OciHooks;
using HookInjector.Host.OciHooks.Selection;

namespace HookInjector.Tests.OciHooks;

public class HookCatalogTests
{
    private static readonly string Bin = TestHooks.ExistingPath;

    private static HookDefinition Always(string fileName, string stages, string args = "[]") =>
        TestHooks.FromJson(fileName, $$"""{"version":"1.0.0","hook":{"path":"{{Bin}}","args":{{args}}},"when":{"always":true},"stages":{{stages}}}""");

    private static HookSelection SelectAll(params HookDefinition[] hooks) =>
        new HookCatalog(hooks, strictMatching: false).Select(HookConditionTests.Input("/bin/sh", "", false));

    [Theory]
    [InlineData("02-another-hook.json,01-UPPERCASE.json,01-my-hook.json", "01-my-hook.json,01-UPPERCASE.json,02-another-hook.json")]
    [InlineData("b.json,A.json,_.json,Z.json", "_.json,A.json,b.json,Z.json")]
    [InlineData("a.json,A.json", "A.json,a.json")]
    [InlineData("A.json,a.json", "A.json,a.json")]
    [InlineData("é.json,z.json,\uFFFD.json,😀.json", "z.json,é.json,\uFFFD.json,😀.json")]
    public void Hooks_are_evaluated_by_lower_cased_file_name_in_code_point_order(string fileNames, string expected)
    {
        var hooks = fileNames.Split(',').Select(name => Always(name, "[\"poststop\"]")).ToArray();
        var selection = SelectAll(hooks);
        Assert.Equal(expected, string.Join(",", selection.MatchedFileNames));
        Assert.Equal(expected, string.Join(",", selection[HookStage.Poststop].Select(hook => hook.Origin.Name)));
    }

    [Fact]
    public void Each_matching_hook_is_appended_to_each_listed_stage_in_order()
    {
        var selection = SelectAll(
            Always("b.json", """["poststop","prestart","poststop"]"""),
            Always("a.json", """["createRuntime","startContainer","createContainer","poststart"]"""),
            Always("c.json", """["prestart","createRuntime"]"""));

        string Names(HookStage stage) => string.Join(",", selection[stage].Select(hook => hook.Origin.Name));
        Assert.Equal("a.json,b.json,c.json,c.json", Names(HookStage.CreateRuntime));
        Assert.Equal("a.json", Names(HookStage.CreateContainer));
        Assert.Equal("a.json", Names(HookStage.StartContainer));
        Assert.Equal("a.json", Names(HookStage.Poststart));
        Assert.Equal("b.json,b.json", Names(HookStage.Poststop));
        Assert.Equal("", Names(HookStage.Prestart));
    }

    [Fact]
    public void Selected_hooks_carry_the_OCI_hook_and_a_hooks_directory_origin()
    {
        var planned = Assert.Single(SelectAll(Always("a.json", "[\"poststart\"]", "[\"h\",\"-x\"]"))[HookStage.Poststart]);
        Assert.Equal(new OciHook(Bin, ["h", "-x"], [], null), planned.Hook);
        Assert.Equal(new HookOrigin(HookSourceKind.HooksDirectory, "a.json"), planned.Origin);
    }

    [Fact]
    public void Matched_but_nothing_injected_is_distinguishable_from_nothing_matched()
    {
        var matchedEmpty = SelectAll(Always("a.json", "[]"));
        Assert.True(matchedEmpty.AnyMatched);
        Assert.False(matchedEmpty.HasHooks);
        Assert.Equal(["a.json"], matchedEmpty.MatchedFileNames.ToArray());

        var none = SelectAll(TestHooks.V1("a.json", """{"always":false}"""));
        Assert.False(none.AnyMatched);
        Assert.False(none.HasHooks);
        Assert.Same(HookSelection.None, none);
        Assert.Same(HookSelection.None, HookCatalog.Empty.Select(HookConditionTests.Input("/bin/sh", "", true)));
    }

    [Fact]
    public void Empty_args_with_commands_is_a_warning_and_no_match_by_default()
    {
        var catalog = new HookCatalog([TestHooks.V1("a.json", """{"commands":["sh"]}"""), Always("b.json", "[\"poststop\"]")], strictMatching: false);
        var selection = catalog.Select(HookConditionTests.Input("-", "", false));
        Assert.Null(selection.Error);
        Assert.Equal(["b.json"], selection.MatchedFileNames.ToArray());
        var warning = Assert.Single(selection.Warnings);
        Assert.Equal("a.json", warning.FileName);
        Assert.Equal("matching hook \"a.json\": process.args must have at least one entry", warning.ToString());
    }

    [Fact]
    public void Empty_args_with_commands_fails_the_selection_in_strict_mode()
    {
        var catalog = new HookCatalog([Always("0.json", "[\"poststop\"]"), TestHooks.V1("a.json", """{"commands":["sh"]}""")], strictMatching: true);
        var selection = catalog.Select(HookConditionTests.Input("-", "", false));
        Assert.Equal("matching hook \"a.json\": process.args must have at least one entry", selection.Error);
        Assert.False(selection.HasHooks);
        Assert.False(selection.AnyMatched);
    }

    [Fact]
    public void Strict_mode_does_not_fail_when_args_are_present_or_commands_are_not_reached()
    {
        var catalog = new HookCatalog([TestHooks.V1("a.json", """{"always":false,"commands":["sh"]}"""), TestHooks.V1("b.json", """{"commands":["sh"]}""")], strictMatching: true);
        Assert.Null(catalog.Select(HookConditionTests.Input("/bin/sh", "", false)).Error);
        Assert.Equal(["b.json"], catalog.Select(HookConditionTests.Input("/bin/sh", "", false)).MatchedFileNames.ToArray());
    }

    [Fact]
    public void AddTo_appends_to_a_plan_stage_by_stage()
    {
        var plan = new InjectionPlan();
        plan.Add(HookStage.Poststop, new PlannedHook(new OciHook("/existing"), new HookOrigin(HookSourceKind.Rule, "r")));
        SelectAll(Always("a.json", """["poststop","prestart"]""")).AddTo(plan);
        Assert.Equal(["/existing", Bin], plan[HookStage.Poststop].Select(hook => hook.Hook.Path).ToArray());
        Assert.Equal([Bin], plan[HookStage.CreateRuntime].Select(hook => hook.Hook.Path).ToArray());
        Assert.Empty(plan[HookStage.Prestart]);
    }
}
