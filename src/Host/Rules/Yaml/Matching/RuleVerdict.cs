using System.Collections.Immutable;

namespace HookInjector.Host.Rules.Yaml.Matching;

/// <summary>
/// Why a rule matched a container or not: every condition the rule has, in evaluation order,
/// each with its own verdict (all are evaluated, not just up to the first failure).
/// </summary>
/// <param name="RuleName">The rule.</param>
/// <param name="Matched">True when every condition held (a rule without conditions always matches).</param>
/// <param name="Conditions">The verdict of each condition.</param>
internal sealed record RuleVerdict(string RuleName, bool Matched, ImmutableArray<ConditionVerdict> Conditions);
