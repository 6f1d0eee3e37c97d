using HookInjector.Abstractions;

namespace HookInjector.Tests.Rules.Yaml;

public class HookFieldTests
{
    [Theory]
    [InlineData("prestart", HookStage.CreateRuntime)]
    [InlineData("createRuntime", HookStage.CreateRuntime)]
    [InlineData("createContainer", HookStage.CreateContainer)]
    [InlineData("startContainer", HookStage.StartContainer)]
    [InlineData("poststart", HookStage.Poststart)]
    [InlineData("poststop", HookStage.Poststop)]
    public void Stages_use_the_OCI_names_and_prestart_runs_as_createRuntime(string stage, HookStage expected)
    {
        var rule = RuleText.Single($"- name: r\n  hooks:\n  - {{stage: {stage}, path: /bin/hook}}\n");

        Assert.Equal(expected, Assert.Single(rule.Hooks).Stage);
    }

    [Fact]
    public void Reads_every_hook_field()
    {
        var rule = RuleText.Single("""
            - name: r
              hooks:
              - stage: createRuntime
                path: /usr/local/bin/trace
                args: [trace, --level, "3"]
                env: ["A=1", "EMPTY=", "B=x=y"]
                timeout: 5
            """);

        var hook = Assert.Single(rule.Hooks).Hook;
        Assert.Equal("/usr/local/bin/trace", hook.Path);
        Assert.Equal(["trace", "--level", "3"], hook.Args);
        Assert.Equal(["A=1", "EMPTY=", "B=x=y"], hook.Env);
        Assert.Equal(5, hook.TimeoutSeconds);
    }

    [Fact]
    public void Optional_hook_fields_default_to_empty_and_no_timeout()
    {
        var hook = Assert.Single(RuleText.Single("- name: r\n" + RuleText.OneHook).Hooks).Hook;

        Assert.Equal(new OciHook("/bin/hook"), hook);
        Assert.Null(hook.TimeoutSeconds);
    }

    [Fact]
    public void A_matching_rule_adds_its_hooks_in_written_order_and_a_non_matching_one_adds_none()
    {
        var rule = RuleText.Single("""
            - name: r
              match: {namespaces: [default]}
              hooks:
              - {stage: poststop, path: /bin/first}
              - {stage: createRuntime, path: /bin/second}
              - {stage: poststop, path: /bin/third}
            """);
        var matched = new RecordingCollector();
        var skipped = new RecordingCollector();

        rule.AddHooks(Contexts.Create(@namespace: "default"), matched, CancellationToken.None);
        rule.AddHooks(Contexts.Create(@namespace: "other"), skipped, CancellationToken.None);

        Assert.Equal(
            [(HookStage.Poststop, "/bin/first"), (HookStage.CreateRuntime, "/bin/second"), (HookStage.Poststop, "/bin/third")],
            matched.Added.Select(added => (added.Stage, added.Hook.Path)));
        Assert.Empty(skipped.Added);
    }

    [Fact]
    public void Anchors_and_aliases_share_hooks_between_rules()
    {
        var result = RuleText.Parse("""
            - name: a
              hooks: &shared
              - {stage: poststop, path: /bin/cleanup}
            - name: b
              hooks: *shared
            """);

        Assert.Empty(result.Problems);
        Assert.Equal(["/bin/cleanup", "/bin/cleanup"], result.Rules.Select(rule => Assert.Single(rule.Rule!.Hooks).Hook.Path));
    }
}
