using HookInjector.Abstractions;

namespace HookInjector.Host.Tools.Explain;

/// <summary>A hook the container gets: its stage, its 1-based position in that stage, the hook and its origin.</summary>
internal sealed record ExplainedHook(HookStage Stage, int Order, PlannedHook Hook);
