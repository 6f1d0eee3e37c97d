namespace HookInjector.Tests.Rules.Yaml;

/// <summary>Matching runs on every container creation, so it must not allocate.</summary>
public class MatchingAllocationTests
{
    [Fact]
    public void Matching_a_container_against_a_rule_allocates_nothing()
    {
        var rule = RuleText.WithMatch("""
            namespaces: [default, "ml-*"]
            containers: ["train?r", "sidecar-[0-9]"]
            runtimeHandlers: ["", kata]
            podSelector:
              matchLabels: {gpu: "true"}
              matchExpressions:
              - {key: tier, operator: NotIn, values: [dev, test]}
              - {key: legacy, operator: DoesNotExist}
            annotations: {example.com/trace: "on-*"}
            """);
        var matching = Contexts.Create("ml-a", "trainer", "", Contexts.Map("gpu=true,tier=prod"), Contexts.Map("example.com/trace=on-x"));
        var failingLate = Contexts.Create("ml-a", "trainer", "", Contexts.Map("gpu=true,tier=prod"), Contexts.Map("example.com/trace=off"));
        var collector = new RecordingCollector();
        Assert.True(rule.Matches(matching));
        Assert.False(rule.Matches(failingLate));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            rule.Matches(matching);
            rule.Matches(failingLate);
            rule.AddHooks(failingLate, collector, CancellationToken.None);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }
}
