using HookInjector.Abstractions;

namespace HookInjector.Host.Tools.Explain;

/// <summary>A hook a source planned that the container does not get twice: an identical one from <see cref="KeptFrom"/> comes first.</summary>
internal sealed record DroppedHook(HookStage Stage, PlannedHook Hook, HookOrigin KeptFrom);
