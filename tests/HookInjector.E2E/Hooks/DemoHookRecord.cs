namespace HookInjector.E2E.Hooks;

/// <summary>One call of samples/demo-hook.sh, as it wrote it to its log.</summary>
public sealed record DemoHookRecord(
    string ContainerName,
    string ContainerId,
    string Status,
    string Arguments,
    IReadOnlyDictionary<string, string> Environment)
{
    public bool IsAlwaysInjectedHook => Environment.ContainsKey("DEMO_HOOK_ALWAYS_INJECTED");

    public bool IsBusyboxHook => Environment.ContainsKey("DEMO_HOOK_BUSYBOX_INJECTED");

    /// <summary>runc reports "creating" (createRuntime, prestart) or "created" before the process starts.</summary>
    public bool RanBeforeStart => Status is "creating" or "created";

    /// <summary>poststop hooks see the container stopped.</summary>
    public bool RanAfterStop => Status == "stopped";
}
