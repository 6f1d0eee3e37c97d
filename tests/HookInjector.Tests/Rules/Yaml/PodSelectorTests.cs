namespace HookInjector.Tests.Rules.Yaml;

public class PodSelectorTests
{
    [Theory]
    // matchLabels: every label present with exactly that value.
    [InlineData("matchLabels: {gpu: \"true\"}", "gpu=true", true)]
    [InlineData("matchLabels: {gpu: \"true\"}", "gpu=false", false)]
    [InlineData("matchLabels: {gpu: \"true\"}", "", false)]
    [InlineData("matchLabels: {gpu: \"true\", tier: a}", "gpu=true", false)]
    [InlineData("matchLabels: {gpu: \"true\", tier: a}", "gpu=true,tier=a,other=x", true)]
    [InlineData("matchLabels: {empty: \"\"}", "empty=", true)]
    [InlineData("matchLabels: {empty: \"\"}", "", false)]
    // In: present with one of the values.
    [InlineData("matchExpressions: [{key: tier, operator: In, values: [a, b]}]", "tier=b", true)]
    [InlineData("matchExpressions: [{key: tier, operator: In, values: [a, b]}]", "tier=c", false)]
    [InlineData("matchExpressions: [{key: tier, operator: In, values: [a, b]}]", "", false)]
    // NotIn: absent, or present with none of the values (Kubernetes semantics).
    [InlineData("matchExpressions: [{key: tier, operator: NotIn, values: [a, b]}]", "tier=c", true)]
    [InlineData("matchExpressions: [{key: tier, operator: NotIn, values: [a, b]}]", "tier=a", false)]
    [InlineData("matchExpressions: [{key: tier, operator: NotIn, values: [a, b]}]", "", true)]
    // Exists / DoesNotExist: only the key matters, whatever the value.
    [InlineData("matchExpressions: [{key: tier, operator: Exists}]", "tier=", true)]
    [InlineData("matchExpressions: [{key: tier, operator: Exists}]", "other=x", false)]
    [InlineData("matchExpressions: [{key: tier, operator: DoesNotExist}]", "other=x", true)]
    [InlineData("matchExpressions: [{key: tier, operator: DoesNotExist}]", "tier=a", false)]
    [InlineData("matchExpressions: [{key: tier, operator: Exists, values: []}]", "tier=a", true)]
    // Several expressions and matchLabels together: all must hold.
    [InlineData("matchExpressions: [{key: a, operator: Exists}, {key: b, operator: DoesNotExist}]", "a=1", true)]
    [InlineData("matchExpressions: [{key: a, operator: Exists}, {key: b, operator: DoesNotExist}]", "a=1,b=2", false)]
    [InlineData("{matchLabels: {gpu: \"true\"}, matchExpressions: [{key: tier, operator: In, values: [a]}]}", "gpu=true,tier=a", true)]
    [InlineData("{matchLabels: {gpu: \"true\"}, matchExpressions: [{key: tier, operator: In, values: [a]}]}", "gpu=true,tier=b", false)]
    [InlineData("{matchLabels: {gpu: \"true\"}, matchExpressions: [{key: tier, operator: In, values: [a]}]}", "tier=a", false)]
    // Label keys with a prefix, values compared exactly (case-sensitive).
    [InlineData("matchLabels: {example.com/role: Trainer}", "example.com/role=Trainer", true)]
    [InlineData("matchLabels: {example.com/role: Trainer}", "example.com/role=trainer", false)]
    // An empty selector selects every pod.
    [InlineData("{}", "", true)]
    [InlineData("{}", "any=thing", true)]
    [InlineData("{matchLabels: {}, matchExpressions: []}", "any=thing", true)]
    public void Selects_pods_by_their_labels_with_Kubernetes_semantics(string selector, string labels, bool expected)
    {
        var rule = RuleText.WithMatch(selector.StartsWith('{') ? $"podSelector: {selector}" : $"podSelector:\n  {selector}");

        Assert.Equal(expected, rule.Matches(Contexts.Create(labels: Contexts.Map(labels))));
    }

    [Fact]
    public void Selector_looks_at_pod_labels_not_container_labels()
    {
        var rule = RuleText.WithMatch("podSelector: {matchLabels: {gpu: \"true\"}}");
        var context = Contexts.Create();
        var containerLabelled = new HookInjector.Abstractions.ContainerContext
        {
            Pod = context.Pod,
            Container = new HookInjector.Abstractions.ContainerInfo { Name = "app", Labels = Contexts.Map("gpu=true") },
        };

        Assert.False(rule.Matches(containerLabelled));
    }
}
