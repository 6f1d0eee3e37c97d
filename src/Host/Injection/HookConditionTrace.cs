using System.Collections.Immutable;
using HookInjector.Host.OciHooks.Matching;
using HookInjector.Host.Rules.Yaml.Matching;

namespace HookInjector.Host.Injection;

/// <summary>
/// Says why a hooks.d <c>when</c> matches a container, walking its conditions in Go's order with
/// Go's early returns (always, hasBindMounts, each annotation, then commands, which decides
/// alone): the conditions listed are exactly those Go evaluates, and the reason names the one
/// that decided. The outcome itself is <see cref="HookCondition.Match"/>'s; this only explains it.
/// </summary>
internal static class HookConditionTrace
{
    public static (CandidateResult Result, string Reason, ImmutableArray<ConditionVerdict> Conditions) Explain(
        HookCondition when, HookMatchInput input, string bindMountsReason)
    {
        ArgumentNullException.ThrowIfNull(when);
        ArgumentNullException.ThrowIfNull(input);
        var checks = ImmutableArray.CreateBuilder<ConditionVerdict>();
        foreach (var check in Checks(when, input, bindMountsReason))
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
            var (result, commands) = Commands(when, input);
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

    private static IEnumerable<ConditionVerdict> Checks(HookCondition when, HookMatchInput input, string bindMountsReason)
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
            yield return Annotation(annotation, input);
        }
    }

    private static ConditionVerdict Annotation(OciHooks.Matching.AnnotationCondition condition, HookMatchInput input)
    {
        var patterns = $"key {condition.Key.Pattern} / value {condition.Value.Pattern}";
        foreach (var (key, value) in input.Annotations.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (condition.Key.IsMatch(key) && condition.Value.IsMatch(value))
            {
                return new ConditionVerdict("annotations", true, $"{key}={value} matches {patterns}");
            }
        }
        return new ConditionVerdict("annotations", false, $"no annotation matches {patterns}");
    }

    private static (CandidateResult, ConditionVerdict) Commands(HookCondition when, HookMatchInput input)
    {
        var patterns = string.Join(", ", when.Commands.Select(pattern => pattern.Pattern));
        if (input.Args.Count == 0)
        {
            // The plugin leaves the hook out (or, with --strict, fails the container); explain, whose
            // manifests often leave the command to the image, says what would decide.
            return (CandidateResult.Unknown, new ConditionVerdict("commands", false, $"the container has no process arguments; the hook is injected if its command matches {patterns}"));
        }
        var command = input.Args[0];
        var matched = when.Commands.FirstOrDefault(pattern => pattern.IsMatch(command));
        return matched is null
            ? (CandidateResult.NotMatched, new ConditionVerdict("commands", false, $"{command} matches none of {patterns}"))
            : (CandidateResult.Matched, new ConditionVerdict("commands", true, $"{command} matches {matched.Pattern}"));
    }
}
