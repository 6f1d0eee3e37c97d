using HookInjector.Abstractions;

namespace HookInjector.Tests.Rules.Scripts;

/// <summary>Collects what a matcher adds, in order.</summary>
internal sealed class HookRecorder : IHookCollector
{
    public List<(HookStage Stage, OciHook Hook)> Added { get; } = [];

    public void Add(HookStage stage, OciHook hook) => Added.Add((stage, hook));
}
