namespace HookInjector.Abstractions;

/// <summary>Where a matcher puts the hooks it selects; the host records the matcher as their origin.</summary>
public interface IHookCollector
{
    /// <summary>Adds a hook at a stage, after the hooks already planned for that stage.</summary>
    void Add(HookStage stage, OciHook hook);
}
