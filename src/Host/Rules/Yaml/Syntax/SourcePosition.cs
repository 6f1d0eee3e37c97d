namespace HookInjector.Host.Rules.Yaml.Syntax;

/// <summary>A 1-based line and column in a rule file.</summary>
internal readonly record struct SourcePosition(int Line, int Column);
