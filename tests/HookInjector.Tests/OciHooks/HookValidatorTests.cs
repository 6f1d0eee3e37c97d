using HookInjector.Abstractions;
using HookInjector.Host.OciHooks.Validation;

namespace HookInjector.Tests.OciHooks;

public class HookValidatorTests
{
    private static readonly string Existing = TestHooks.ExistingPath;

    public static TheoryData<string, string, string, bool> Failures => new()
    {
        { """{"version":"1.0.0","hook":{},"stages":[]}""", "missing required property: hook.path", "hook.path", false },
        { """{"version":"1.0.0","hook":{"path":""},"stages":[]}""", "missing required property: hook.path", "hook.path", false },
        { """{"hook":"","stages":[]}""", "missing required property: hook.path", "hook.path", false },
        { """{"version":"1.0.0","hook":{"path":"/no/such/hook"},"stages":["bogus"]}""", "faccessat /no/such/hook: no such file or directory", "hook.path", true },
        { $$$"""{"version":"1.0.0","hook":{"path":"{{{Existing}}}/below-a-file"},"stages":[]}""", $"faccessat {Existing}/below-a-file: not a directory", "hook.path", false },
        { $$$"""{"version":"1.0.0","hook":{"path":"{{{Existing}}}"},"when":{"annotations":{"(":"x"}},"stages":[]}""", "invalid annotation key \"(\": error parsing regexp: ", "when.annotations", false },
        { $$$"""{"version":"1.0.0","hook":{"path":"{{{Existing}}}"},"when":{"annotations":{"a":"["}},"stages":[]}""", "invalid annotation value \"[\": error parsing regexp: ", "when.annotations", false },
        { $$$"""{"version":"1.0.0","hook":{"path":"{{{Existing}}}"},"when":{"commands":["ok","("]},"stages":["nope"]}""", "invalid command \"(\": error parsing regexp: ", "when.commands", false },
        { $$$"""{"version":"1.0.0","hook":{"path":"{{{Existing}}}"}}""", "missing required property: stages", "stages", false },
        { $$$"""{"version":"1.0.0","hook":{"path":"{{{Existing}}}"},"stages":null}""", "missing required property: stages", "stages", false },
        { $$$"""{"version":"1.0.0","hook":{"path":"{{{Existing}}}"},"stages":["poststop","Prestart"]}""", "unknown stage \"Prestart\"", "stages", false },
        { $$$"""{"version":"1.0.0","hook":{"path":"{{{Existing}}}"},"stages":[""]}""", "unknown stage \"\"", "stages", false },
        { $$$"""{"version":"1.0.0","hook":{"path":"{{{Existing}}}"},"stages":["pre\nstart"]}""", "unknown stage \"pre\\nstart\"", "stages", false },
        { $$$"""{"hook":"{{{Existing}}}","stages":["prestart"],"cmds":["("]}""", "invalid command \"(\": error parsing regexp: ", "when.commands", false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Validation_fails_in_Go_order_with_Go_messages(string json, string expectedStart, string field, bool missingHookPath)
    {
        var error = Assert.Throws<HookValidationException>(() => TestHooks.FromJson("a.json", json));
        Assert.StartsWith(expectedStart, error.Message, StringComparison.Ordinal);
        Assert.Equal(field, error.Field);
        Assert.Equal(missingHookPath, error.IsMissingHookPath);
    }

    [Fact]
    public void Regex_errors_carry_the_dialect_message_verbatim()
    {
        var error = Assert.Throws<HookValidationException>(() => TestHooks.V1("a.json", """{"commands":["("]}"""));
        Assert.Matches(@"^invalid command ""\("": error parsing regexp: .*: `\(`$", error.Message);
    }

    [Fact]
    public void The_hook_path_may_be_a_symlink_to_an_existing_file_but_not_a_dangling_one()
    {
        using var directory = new TempDirectory();
        var good = directory.Symlink("good", TestHooks.ExistingPath);
        var dangling = directory.Symlink("dangling", "/no/such/target");
        Assert.Equal(good, TestHooks.FromJson("a.json", $$$"""{"version":"1.0.0","hook":{"path":"{{{good}}}"},"stages":[]}""").Hook.Path);
        var error = Assert.Throws<HookValidationException>(() => TestHooks.FromJson("a.json", $$$"""{"version":"1.0.0","hook":{"path":"{{{dangling}}}"},"stages":[]}"""));
        Assert.Equal($"faccessat {dangling}: no such file or directory", error.Message);
    }

    [Fact]
    public void Not_validated_empty_when_any_timeout_relative_path_duplicate_stages()
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, TestHooks.ExistingPath);
        var hook = TestHooks.FromJson("a.json", $$$"""
            {"version":"1.0.0","hook":{"path":"{{{relative}}}","timeout":-1,"env":["not-k-v"]},"stages":["poststop","poststop","prestart","createRuntime"]}
            """);
        Assert.Equal(relative, hook.Hook.Path);
        Assert.Equal(-1, hook.Hook.TimeoutSeconds);
        Assert.Equal(["poststop", "poststop", "prestart", "createRuntime"], hook.StageNames.ToArray());
        Assert.Equal([HookStage.Poststop, HookStage.Poststop, HookStage.CreateRuntime, HookStage.CreateRuntime], hook.Stages.ToArray());
    }

    [Theory]
    [InlineData("prestart", HookStage.CreateRuntime)]
    [InlineData("createRuntime", HookStage.CreateRuntime)]
    [InlineData("createContainer", HookStage.CreateContainer)]
    [InlineData("startContainer", HookStage.StartContainer)]
    [InlineData("poststart", HookStage.Poststart)]
    [InlineData("poststop", HookStage.Poststop)]
    public void Every_OCI_stage_is_accepted_and_prestart_maps_to_createRuntime(string name, HookStage expected) =>
        Assert.Equal(expected, Assert.Single(TestHooks.V1("a.json", "{}", $"[\"{name}\"]").Stages));

    [Fact]
    public void The_hook_keeps_path_args_env_and_timeout()
    {
        var hook = TestHooks.FromJson("a.json", $$$"""
            {"version":"1.0.0","hook":{"path":"{{{Existing}}}","args":["x","-v"],"env":["A=1","B=2"],"timeout":7},"stages":[]}
            """).Hook;
        Assert.Equal(new OciHook(Existing, ["x", "-v"], ["A=1", "B=2"], 7), hook);
    }
}
