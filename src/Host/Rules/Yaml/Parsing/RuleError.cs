using HookInjector.Host.Rules.Yaml.Syntax;

namespace HookInjector.Host.Rules.Yaml.Parsing;

/// <summary>A mistake found while reading a rule: where, and what (already prefixed with the field path).</summary>
internal sealed record RuleError(SourcePosition Position, string Message);
