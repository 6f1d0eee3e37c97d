namespace HookInjector.Host.Rules.Yaml.Matching;

/// <summary>Whether one condition of a rule held for a container, and why.</summary>
/// <param name="Condition">The condition's key in the rule file, for example <c>podSelector</c>.</param>
/// <param name="Passed">True when the condition held.</param>
/// <param name="Reason">A short human explanation, for example <c>label gpu missing</c>.</param>
internal sealed record ConditionVerdict(string Condition, bool Passed, string Reason)
{
    public override string ToString() => $"{Condition}: {(Passed ? "pass" : "fail")} ({Reason})";
}
