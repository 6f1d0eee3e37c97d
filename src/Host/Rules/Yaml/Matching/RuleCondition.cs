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
}
