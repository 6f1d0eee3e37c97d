using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using HookInjector.Host.GoRegex;
using HookInjector.Host.OciHooks.Matching;
using HookInjector.Host.OciHooks.Selection;
using HookInjector.Host.Rules.Yaml.Matching;

namespace HookInjector.Host.Injection;

/// <summary>
/// Says why a hooks.d <c>when</c> matches a container, walking its conditions in Go's order with
/// Go's early returns (always, hasBindMounts, each annotation, then commands, which decides
/// alone): the conditions listed are exactly those Go evaluates, and the reason names the one
/// that decided. The outcome itself is <see cref="HookCondition.Match"/>'s; this only explains it.
/// Pattern searches run within the plugin's matching budget, started per hook here: one the budget
/// cuts short is shown as abandoned, which the plugin counts as not matching, never as "no match".
/// </summary>
internal static class HookConditionTrace
{
    public static (CandidateResult Result, string Reason, ImmutableArray<ConditionVerdict> Conditions) Explain(
        HookCondition when, HookMatchInput input, string bindMountsReason, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(when);
        ArgumentNullException.ThrowIfNull(input);
        var checks = ImmutableArray.CreateBuilder<ConditionVerdict>();
        var budget = new StrongBox<SearchBudget>(SearchBudget.Start(time ?? TimeProvider.System, HookPatternTimeouts.DefaultBudget));
        foreach (var check in Checks(when, input, bindMountsReason, budget))
        {
            checks.Add(check);
            if (check.Passed == when.AnyOf)
            {
                // All-of stops at the first failure, any-of at the first success.
                return (check.Passed ? CandidateResult.Matched : CandidateResult.NotMatched, check.ToString(), checks.ToImmutable());
            }
        }
        if (!when.Commands.IsEmpty)
        {
            var (result, commands) = Commands(when, input, budget);
            checks.Add(commands);
            var reason = result == CandidateResult.Unknown ? $"{commands.Condition}: unknown ({commands.Reason})" : commands.ToString();
            return (result, reason, checks.ToImmutable());
        }
        if (checks.Count == 0)
        {
            return (CandidateResult.NotMatched, "when: no condition at all, which never matches", []);
        }
        return when.AnyOf
            ? (CandidateResult.NotMatched, "any of (0.1.0 hook): no condition holds", checks.ToImmutable())
            : (CandidateResult.Matched, string.Join("; ", checks.Select(check => check.ToString())), checks.ToImmutable());
    }

    private static IEnumerable<ConditionVerdict> Checks(HookCondition when, HookMatchInput input, string bindMountsReason, StrongBox<SearchBudget> budget)
    {
        if (when.Always is bool always)
        {
            yield return new ConditionVerdict("always", always, always ? "true" : "false");
        }
        if (when.HasBindMounts is bool wanted)
        {
            yield return !wanted
                ? new ConditionVerdict("hasBindMounts", false, "false, which never matches")
                : new ConditionVerdict("hasBindMounts", input.HasBindMounts, input.HasBindMounts ? bindMountsReason : $"container has none: {bindMountsReason}");
        }
        foreach (var annotation in when.Annotations)
        {
            yield return Annotation(annotation, input, budget);
        }
    }

    private static ConditionVerdict Annotation(AnnotationPatternPair condition, HookMatchInput input, StrongBox<SearchBudget> budget)
    {
        var patterns = $"key {condition.Key.Pattern} / value {condition.Value.Pattern}";
        foreach (var (key, value) in input.Annotations.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var result = condition.Key.Match(key, ref budget.Value);
            if (result == GoMatchResult.Match)
            {
                result = condition.Value.Match(value, ref budget.Value);
            }
            if (result == GoMatchResult.Abandoned)
            {
                return new ConditionVerdict("annotations", false, Abandoned(budget.Value, $"{key}={value} against {patterns}"));
            }
            if (result == GoMatchResult.Match)
            {
                return new ConditionVerdict("annotations", true, $"{key}={value} matches {patterns}");
            }
        }
        return new ConditionVerdict("annotations", false, $"no annotation matches {patterns}");
    }

    private static (CandidateResult, ConditionVerdict) Commands(HookCondition when, HookMatchInput input, StrongBox<SearchBudget> budget)
    {
        var patterns = string.Join(", ", when.Commands.Select(pattern => pattern.Pattern));
        if (input.Args.Count == 0)
        {
            // The plugin leaves the hook out (or, with --strict, fails the container); explain, whose
            // manifests often leave the command to the image, says what would decide.
            return (CandidateResult.Unknown, new ConditionVerdict("commands", false, $"the container has no process arguments; the hook is injected if its command matches {patterns}"));
        }
        var command = input.Args[0];
        foreach (var pattern in when.Commands)
        {
            switch (pattern.Match(command, ref budget.Value))
            {
                case GoMatchResult.Match:
                    return (CandidateResult.Matched, new ConditionVerdict("commands", true, $"{command} matches {pattern.Pattern}"));
                case GoMatchResult.Abandoned:
                    return (CandidateResult.NotMatched, new ConditionVerdict("commands", false, Abandoned(budget.Value, $"{command} against {pattern.Pattern}")));
            }
        }
        return (CandidateResult.NotMatched, new ConditionVerdict("commands", false, $"{command} matches none of {patterns}"));
    }

    private static string Abandoned(SearchBudget budget, string search) =>
        $"search abandoned after {(long)budget.ExhaustedAfter.TotalMilliseconds} ms, past the {(long)budget.Limit.TotalMilliseconds} ms matching budget: {search}; the plugin counts it as not matching";
}
