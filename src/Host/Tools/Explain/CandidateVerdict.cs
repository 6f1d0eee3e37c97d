using System.Collections.Immutable;
using HookInjector.Abstractions;
using HookInjector.Host.Rules.Yaml.Matching;

namespace HookInjector.Host.Tools.Explain;

/// <summary>
/// Why one source did or did not give a container hooks: its origin, where it is written, the
/// outcome, the deciding reason, and every condition evaluated on the way (in evaluation order).
/// </summary>
internal sealed record CandidateVerdict(HookOrigin Origin, string Location, CandidateResult Result, string Reason, ImmutableArray<ConditionVerdict> Conditions);
