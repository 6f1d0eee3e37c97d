using System.Collections.Immutable;
using HookInjector.Abstractions;

namespace HookInjector.Host.Rules.Yaml.Matching;

/// <summary>
/// A YAML rule compiled once at load: immutable, so any number of containers can be matched
/// against it concurrently without locks, and matching allocates nothing.
/// </summary>
internal sealed class CompiledRule : IHookMatcher
{
    public CompiledRule(string name, string? description, RuleLocation location, ImmutableArray<RuleCondition> conditions, ImmutableArray<RuleHook> hooks)
    {
        Name = name;
        Description = description;
        Location = location;
        Conditions = conditions;
        Hooks = hooks;
    }

    /// <summary>The rule's name, unique across the rules directory.</summary>
    public string Name { get; }

    public string? Description { get; }

    /// <summary>Where the rule is written.</summary>
    public RuleLocation Location { get; }

    /// <summary>The conditions, all of which must hold, in evaluation order.</summary>
    public ImmutableArray<RuleCondition> Conditions { get; }

    /// <summary>The hooks added to a matching container, in the order written.</summary>
    public ImmutableArray<RuleHook> Hooks { get; }

    public bool Matches(ContainerContext context)
    {
        foreach (var condition in Conditions)
        {
            if (!condition.IsSatisfiedBy(context))
            {
                return false;
            }
        }
        return true;
    }

    public void AddHooks(ContainerContext context, IHookCollector hooks, CancellationToken cancellationToken)
    {
        if (!Matches(context))
        {
            return;
        }
        foreach (var hook in Hooks)
        {
            hooks.Add(hook.Stage, hook.Hook);
        }
    }

    /// <summary>Evaluates every condition and says why each held or not; for <c>explain</c>, not for the hot path.</summary>
    public RuleVerdict Explain(ContainerContext context)
    {
        var verdicts = Conditions.Select(condition => condition.Explain(context)).ToImmutableArray();
        return new RuleVerdict(Name, verdicts.All(verdict => verdict.Passed), verdicts);
    }

    public override string ToString() => $"{Name} ({Location})";
}
