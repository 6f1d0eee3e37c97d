namespace HookInjector.Abstractions;

/// <summary>A hook in an injection plan, with the source that added it.</summary>
/// <param name="Hook">The hook to inject.</param>
/// <param name="Origin">The source that added it (a mutator that changes a hook keeps or replaces it as it sees fit).</param>
public sealed record PlannedHook(OciHook Hook, HookOrigin Origin);
