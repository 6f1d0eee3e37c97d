using HookInjector.Abstractions;

namespace HookInjector.Tests.Rules.Yaml;

/// <summary>Records the hooks a matcher adds, in order.</summary>
internal sealed class RecordingCollector : IHookCollector
{
    public List<(HookStage Stage, OciHook Hook)> Added { get; } = [];

    public void Add(HookStage stage, OciHook hook) => Added.Add((stage, hook));
}
