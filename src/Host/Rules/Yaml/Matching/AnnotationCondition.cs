using System.Collections.Immutable;
using HookInjector.Abstractions;

namespace HookInjector.Host.Rules.Yaml.Matching;

/// <summary>
/// Annotations the container must carry, looked up on the pod first and then on the container:
/// when both define a key, the pod's value is the one tested.
/// </summary>
internal sealed class AnnotationCondition(ImmutableArray<AnnotationRequirement> requirements) : RuleCondition
{
    public override string Key => "annotations";

    public ImmutableArray<AnnotationRequirement> Requirements => requirements;

    public override bool IsSatisfiedBy(ContainerContext context)
    {
        foreach (var requirement in requirements)
        {
            if (!Holds(context, requirement))
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
            return new ConditionVerdict(Key, true, "no annotation required");
        }
        return Summarize(requirements, requirement => Holds(context, requirement), requirement => Describe(context, requirement));
    }

    private static bool Holds(ContainerContext context, AnnotationRequirement requirement) =>
        Lookup(context, requirement.Key) is { } value && requirement.Value.IsMatch(value);

    private static string? Lookup(ContainerContext context, string key) =>
        context.Pod.Annotations.TryGetValue(key, out var podValue) ? podValue
        : context.Container.Annotations.TryGetValue(key, out var containerValue) ? containerValue
        : null;

    private static string Describe(ContainerContext context, AnnotationRequirement requirement)
    {
        var value = Lookup(context, requirement.Key);
        if (value is null)
        {
            return $"annotation {requirement.Key} missing";
        }
        var verb = requirement.Value.IsMatch(value) ? "matches" : "does not match";
        return $"annotation {requirement.Key}={NamePatternSet.Quote(value)} {verb} {NamePatternSet.Quote(requirement.Value.Pattern)}";
    }
}
