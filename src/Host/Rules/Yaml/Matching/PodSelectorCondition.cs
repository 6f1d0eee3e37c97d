using System.Collections.Immutable;
using HookInjector.Abstractions;

namespace HookInjector.Host.Rules.Yaml.Matching;

/// <summary>
/// A Kubernetes label selector on the pod's labels: every requirement must hold, and a selector
/// without requirements selects every pod.
/// </summary>
internal sealed class PodSelectorCondition(ImmutableArray<LabelRequirement> requirements) : RuleCondition
{
    public override string Key => "podSelector";

    public ImmutableArray<LabelRequirement> Requirements => requirements;

    public override bool IsSatisfiedBy(ContainerContext context)
    {
        var labels = context.Pod.Labels;
        foreach (var requirement in requirements)
        {
            if (!requirement.IsSatisfiedBy(labels))
            {
                return false;
            }
        }
        return true;
    }

    public override ConditionVerdict Explain(ContainerContext context)
    {
        if (requirements.IsEmpty)
        {
            return new ConditionVerdict(Key, true, "empty selector selects every pod");
        }
        var labels = context.Pod.Labels;
        return Summarize(requirements, requirement => requirement.IsSatisfiedBy(labels), requirement => requirement.Describe(labels));
    }
}
