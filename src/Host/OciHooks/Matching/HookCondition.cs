using System.Collections.Immutable;
using HookInjector.Host.GoRegex;

namespace HookInjector.Host.OciHooks.Matching;

/// <summary>
/// A validated <c>when</c> with its patterns compiled, evaluated exactly like Go's When.Match:
/// always, hasBindMounts, annotations, then commands, with the same early returns. All-of (1.0.0)
/// fails at the first unsatisfied condition; any-of (converted 0.1.0) succeeds at the first
/// satisfied one. <c>commands</c> comes last and decides alone. No condition at all never matches.
/// </summary>
internal sealed class HookCondition
{
    public HookCondition(bool? always, bool? hasBindMounts, ImmutableArray<AnnotationPatternPair> annotations, ImmutableArray<GoRegexp> commands, bool anyOf)
    {
        Always = always;
        HasBindMounts = hasBindMounts;
        Annotations = annotations;
        Commands = commands;
        AnyOf = anyOf;
    }

    public bool? Always { get; }

    public bool? HasBindMounts { get; }

    public ImmutableArray<AnnotationPatternPair> Annotations { get; }

    public ImmutableArray<GoRegexp> Commands { get; }

    public bool AnyOf { get; }

    public HookMatchOutcome Match(HookMatchInput input)
    {
        var unlimited = SearchBudget.Unlimited;
        return Match(input, ref unlimited, out _);
    }

    /// <summary>
    /// Like <see cref="Match(HookMatchInput)"/>, with every pattern search within <paramref name="budget"/>;
    /// <paramref name="abandoned"/> names a pattern whose search the budget cut short (and so counted
    /// as not matching), or is null.
    /// </summary>
    public HookMatchOutcome Match(HookMatchInput input, ref SearchBudget budget, out GoRegexp? abandoned)
    {
        ArgumentNullException.ThrowIfNull(input);
        abandoned = null;
        var satisfied = 0;

        if (Always is bool always)
        {
            if (always)
            {
                if (AnyOf)
                {
                    return HookMatchOutcome.Match;
                }
                satisfied++;
            }
            else if (!AnyOf)
            {
                return HookMatchOutcome.NoMatch;
            }
        }

        // "hasBindMounts": false is not "has none": it can never be satisfied.
        if (HasBindMounts is bool wantsBindMounts)
        {
            if (wantsBindMounts && input.HasBindMounts)
            {
                if (AnyOf)
                {
                    return HookMatchOutcome.Match;
                }
                satisfied++;
            }
            else if (!AnyOf)
            {
                return HookMatchOutcome.NoMatch;
            }
        }

        foreach (var annotation in Annotations)
        {
            if (annotation.IsSatisfiedBy(input, ref budget, ref abandoned))
            {
                if (AnyOf)
                {
                    return HookMatchOutcome.Match;
                }
                satisfied++;
            }
            else if (!AnyOf)
            {
                return HookMatchOutcome.NoMatch;
            }
        }

        if (!Commands.IsEmpty)
        {
            return MatchCommand(input.Args, ref budget, ref abandoned);
        }

        return satisfied > 0 ? HookMatchOutcome.Match : HookMatchOutcome.NoMatch;
    }

    private HookMatchOutcome MatchCommand(IReadOnlyList<string> args, ref SearchBudget budget, ref GoRegexp? abandoned)
    {
        if (args.Count == 0)
        {
            return HookMatchOutcome.MissingProcessArgs;
        }
        var command = args[0];
        foreach (var pattern in Commands)
        {
            if (PatternSearch.IsMatch(pattern, command, ref budget, ref abandoned))
            {
                return HookMatchOutcome.Match;
            }
        }
        return HookMatchOutcome.NoMatch;
    }
}
