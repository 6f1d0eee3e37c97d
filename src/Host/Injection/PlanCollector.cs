using HookInjector.Abstractions;

namespace HookInjector.Host.Injection;

/// <summary>
/// Collects one matcher's hooks for a plan, recording the matcher as their origin. Hooks arrive
/// in a private list and reach the plan only if the call completes in time, so an abandoned
/// matcher that keeps running cannot change a plan afterwards.
/// </summary>
internal sealed class PlanCollector(HookOrigin origin) : IHookCollector
{
    private readonly List<(HookStage Stage, PlannedHook Hook)> collected = [];

    public void Add(HookStage stage, OciHook hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        if (!Enum.IsDefined(stage))
        {
            throw new ArgumentOutOfRangeException(nameof(stage), stage, "not an OCI hook stage");
        }
        if (string.IsNullOrEmpty(hook.Path) || hook.Path[0] != '/')
        {
            throw new ArgumentException($"hook path \"{hook.Path}\" is not absolute", nameof(hook));
        }
        collected.Add((stage, new PlannedHook(hook, origin)));
    }

    /// <summary>Adds what was collected to the plan; called only after the matcher returned in time.</summary>
    public void CopyTo(InjectionPlan plan)
    {
        foreach (var (stage, hook) in collected)
        {
            plan.Add(stage, hook);
        }
    }
}
