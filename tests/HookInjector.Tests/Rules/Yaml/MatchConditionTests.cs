namespace HookInjector.Tests.Rules.Yaml;

public class MatchConditionTests
{
    [Theory]
    [InlineData("namespaces: [default]", "default", true)]
    [InlineData("namespaces: [default]", "kube-system", false)]
    [InlineData("namespaces: [default, \"ml-*\"]", "ml-train", true)]
    [InlineData("namespaces: [default, \"ml-*\"]", "ml", false)]
    [InlineData("namespaces: [\"team-?\"]", "team-b", true)]
    [InlineData("namespaces: [\"*\"]", "anything", true)]
    public void Namespaces_match_by_name_or_glob(string match, string @namespace, bool expected) =>
        Assert.Equal(expected, RuleText.WithMatch(match).Matches(Contexts.Create(@namespace: @namespace)));

    [Theory]
    [InlineData("containers: [trainer]", "trainer", true)]
    [InlineData("containers: [trainer]", "trainer-2", false)]
    [InlineData("containers: [trainer, \"sidecar-*\"]", "sidecar-log", true)]
    [InlineData("containers: [\"sidecar-[0-9]\"]", "sidecar-x", false)]
    public void Containers_match_by_name_or_glob(string match, string container, bool expected) =>
        Assert.Equal(expected, RuleText.WithMatch(match).Matches(Contexts.Create(container: container)));

    [Theory]
    [InlineData("runtimeHandlers: [kata]", "kata", true)]
    [InlineData("runtimeHandlers: [kata]", "", false)]
    [InlineData("runtimeHandlers: [kata, \"\"]", "", true)]
    [InlineData("runtimeHandlers: [\"\"]", "runc", false)]
    [InlineData("runtimeHandlers: [\"kata-*\"]", "kata-qemu", true)]
    public void Runtime_handlers_match_by_name_or_glob_with_empty_for_the_default(string match, string handler, bool expected) =>
        Assert.Equal(expected, RuleText.WithMatch(match).Matches(Contexts.Create(runtimeHandler: handler)));

    [Theory]
    [InlineData("example.com/trace=true", "", true)]
    [InlineData("", "example.com/trace=true", true)]
    [InlineData("example.com/trace=false", "", false)]
    [InlineData("", "", false)]
    // The pod's value wins over the container's for the same key.
    [InlineData("example.com/trace=false", "example.com/trace=true", false)]
    [InlineData("example.com/trace=true", "example.com/trace=false", true)]
    public void Annotations_are_looked_up_on_the_pod_then_the_container(string podAnnotations, string containerAnnotations, bool expected)
    {
        var rule = RuleText.WithMatch("annotations: {example.com/trace: \"true\"}");
        var context = Contexts.Create(podAnnotations: Contexts.Map(podAnnotations), containerAnnotations: Contexts.Map(containerAnnotations));

        Assert.Equal(expected, rule.Matches(context));
    }

    [Theory]
    [InlineData("level: \"debug-*\"", "level=debug-3", true)]
    [InlineData("level: \"debug-*\"", "level=info", false)]
    [InlineData("level: \"*\"", "level=", true)]
    [InlineData("level: \"*\"", "", false)]
    [InlineData("{a: x, b: y}", "a=x,b=y", true)]
    [InlineData("{a: x, b: y}", "a=x", false)]
    public void Annotation_values_are_exact_or_globs_and_all_must_hold(string annotations, string podAnnotations, bool expected)
    {
        var rule = RuleText.WithMatch(annotations.StartsWith('{') ? $"annotations: {annotations}" : $"annotations:\n  {annotations}");

        Assert.Equal(expected, rule.Matches(Contexts.Create(podAnnotations: Contexts.Map(podAnnotations))));
    }

    [Theory]
    [InlineData("default", "trainer", "kata", "gpu=true", true)]
    [InlineData("other", "trainer", "kata", "gpu=true", false)]
    [InlineData("default", "web", "kata", "gpu=true", false)]
    [InlineData("default", "trainer", "", "gpu=true", false)]
    [InlineData("default", "trainer", "kata", "", false)]
    public void Every_present_condition_must_hold(string @namespace, string container, string handler, string labels, bool expected)
    {
        var rule = RuleText.WithMatch("""
            namespaces: [default]
            containers: [trainer]
            runtimeHandlers: [kata]
            podSelector: {matchLabels: {gpu: "true"}}
            """);

        Assert.Equal(expected, rule.Matches(Contexts.Create(@namespace, container, handler, Contexts.Map(labels))));
    }

    [Theory]
    [InlineData("- name: r\n" + RuleText.OneHook)]
    [InlineData("- name: r\n  match: {}\n" + RuleText.OneHook)]
    public void A_rule_without_conditions_matches_every_container(string yaml)
    {
        var rule = RuleText.Single(yaml);

        Assert.Empty(rule.Conditions);
        Assert.True(rule.Matches(Contexts.Create("any", "thing", "kata", Contexts.Map("x=y"))));
    }
}
