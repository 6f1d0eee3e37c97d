namespace HookInjector.Host.Rules.Yaml.Matching;

/// <summary>Where a rule is written: the file and the 1-based line and column of the rule.</summary>
internal sealed record RuleLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
