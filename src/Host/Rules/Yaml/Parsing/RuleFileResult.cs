using System.Collections.Immutable;
using HookInjector.Host.Injection.Sources;

namespace HookInjector.Host.Rules.Yaml.Parsing;

/// <summary>What one rule file yields: its rules in order, and every problem found in it.</summary>
internal sealed record RuleFileResult(ImmutableArray<RuleCandidate> Rules, ImmutableArray<SourceProblem> Problems);
