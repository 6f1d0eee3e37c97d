namespace HookInjector.Tests.Rules.Yaml;

public class ExplainTests
{
    private static readonly HookInjector.Host.Rules.Yaml.Matching.CompiledRule Rule = RuleText.WithMatch("""
        namespaces: [default, "ml-*"]
        containers: [trainer]
        runtimeHandlers: [kata, ""]
        podSelector:
          matchLabels: {gpu: "true"}
          matchExpressions:
          - {key: tier, operator: In, values: [a, b]}
          - {key: legacy, operator: DoesNotExist}
        annotations: {example.com/trace: "on-*"}
        """);

    [Fact]
    public void Explains_a_match_condition_by_condition()
    {
        var context = Contexts.Create(
            "ml-train",
            "trainer",
            "",
            Contexts.Map("gpu=true,tier=a"),
            podAnnotations: Contexts.Map("example.com/trace=on-demand"));

        var verdict = Rule.Explain(context);

        Assert.True(verdict.Matched);
        Assert.Equal("r", verdict.RuleName);
        Assert.Equal(
            [
                "namespaces: pass (namespace \"ml-train\" matches \"ml-*\")",
                "containers: pass (container \"trainer\" matches \"trainer\")",
                "runtimeHandlers: pass (runtime handler \"\" matches \"\")",
                "podSelector: pass (label gpu=true; label tier=a in [a, b]; label legacy missing)",
                "annotations: pass (annotation example.com/trace=\"on-demand\" matches \"on-*\")",
            ],
            verdict.Conditions.Select(condition => condition.ToString()));
        Assert.True(Rule.Matches(context));
    }

    [Fact]
    public void Explains_every_failing_condition_not_just_the_first()
    {
        var context = Contexts.Create(
            "prod",
            "trainer",
            "runc",
            Contexts.Map("gpu=false,tier=c,legacy=yes"),
            containerAnnotations: Contexts.Map("other=x"));

        var verdict = Rule.Explain(context);

        Assert.False(verdict.Matched);
        Assert.Equal(
            [
                "namespaces: fail (namespace \"prod\" matches none of [\"default\", \"ml-*\"])",
                "containers: pass (container \"trainer\" matches \"trainer\")",
                "runtimeHandlers: fail (runtime handler \"runc\" matches none of [\"kata\", \"\"])",
                "podSelector: fail (label gpu=false, want true; label tier=c not in [a, b]; label legacy present)",
                "annotations: fail (annotation example.com/trace missing)",
            ],
            verdict.Conditions.Select(condition => condition.ToString()));
        Assert.False(Rule.Matches(context));
    }

    [Fact]
    public void Names_a_missing_label()
    {
        var verdict = RuleText.WithMatch("podSelector: {matchLabels: {gpu: \"true\"}}").Explain(Contexts.Create());

        Assert.Equal("podSelector: fail (label gpu missing)", Assert.Single(verdict.Conditions).ToString());
    }

    [Fact]
    public void A_rule_without_conditions_matches_with_nothing_to_explain()
    {
        var verdict = RuleText.Single("- name: any\n" + RuleText.OneHook).Explain(Contexts.Create());

        Assert.True(verdict.Matched);
        Assert.Empty(verdict.Conditions);
    }

    [Theory]
    [InlineData("podSelector: {}", "podSelector: pass (empty selector selects every pod)")]
    [InlineData("annotations: {}", "annotations: pass (no annotation required)")]
    public void Empty_conditions_say_they_hold_for_everything(string match, string expected) =>
        Assert.Equal(expected, Assert.Single(RuleText.WithMatch(match).Explain(Contexts.Create()).Conditions).ToString());
}
