using HookInjector.Host.Rules.Yaml.Matching;
using HookInjector.Host.Yaml;

namespace HookInjector.Host.Rules.Yaml.Parsing;

/// <summary>
/// A rule as found in a file: its name when one could be read (even if the rule is invalid, so it
/// still claims the name) and the compiled rule when it had no mistakes.
/// </summary>
internal sealed record RuleCandidate(string? Name, SourcePosition NamePosition, CompiledRule? Rule);
