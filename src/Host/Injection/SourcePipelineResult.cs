using HookInjector.Abstractions;

namespace HookInjector.Host.Injection;

/// <summary>The plan after the sources ran, and the mutators that changed it, in the order they ran.</summary>
internal readonly record struct SourcePipelineResult(InjectionPlan Plan, IReadOnlyList<HookOrigin> MutatedBy);
