using HookInjector.Abstractions;

namespace HookInjector.Host.Injection.Sources;

/// <summary>A mutator in the pipeline, named by its origin in logs and metrics.</summary>
internal sealed record MutatorEntry(HookOrigin Origin, IPlanMutator Mutator);
