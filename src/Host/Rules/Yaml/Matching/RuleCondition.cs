using System.Collections.Immutable;
using HookInjector.Abstractions;

namespace HookInjector.Host.Rules.Yaml.Matching;

/// <summary>One condition of a rule's <c>match</c>, compiled at load time.</summary>
internal abstract class RuleCondition
{
    /// <summary>The condition's key in the rule file.</summary>
    public abstract string Key { get; }

    /// <summary>The hot-path check: no locks, no allocations.</summary>
    public abstract bool IsSatisfiedBy(ContainerContext context);

    /// <summary>The same check, explained; allocates, so only for diagnostics.</summary>
    public abstract ConditionVerdict Explain(ContainerContext context);

    /// <summary>
    /// The verdict of a condition made of requirements that must all hold: on failure it names the
    /// failing ones, on success all of them.
    /// </summary>
    protected ConditionVerdict Summarize<TRequirement>(ImmutableArray<TRequirement> requirements, Func<TRequirement, bool> holds, Func<TRequirement, string> describe)
    {
        var failed = requirements.Where(requirement => !holds(requirement)).ToList();
        var shown = failed.Count > 0 ? failed : [.. requirements];
        return new ConditionVerdict(Key, failed.Count == 0, string.Join("; ", shown.Select(describe)));
    }
}
