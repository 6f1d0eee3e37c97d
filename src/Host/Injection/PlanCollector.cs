using HookInjector.Abstractions;

namespace HookInjector.Host.Injection;

/// <summary>
/// Collects one matcher's hooks for a plan, recording the matcher as their origin. Hooks arrive
/// in a private list and reach the plan only if the call completes in time, so an abandoned
/// matcher that keeps running cannot change a plan afterwards. The list is made with the first
/// hook: most matchers add none for most containers.
/// </summary>
internal sealed class PlanCollector(HookOrigin origin) : IHookCollector
{
    private List<(HookStage Stage, PlannedHook Hook)>? collected;

    /// <summary>
    /// Readies the collector for the next matcher that runs inline, dropping what a failed one left.
    /// Never used for a matcher on another thread, which may still be adding when the next one runs.
    /// </summary>
    public PlanCollector Restart(HookOrigin next)
    {
        origin = next;
        collected?.Clear();
        return this;
    }

    /// <summary>Whether the matcher added nothing (since the last restart).</summary>
    public bool IsEmpty => collected is null || collected.Count == 0;

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
        (collected ??= []).Add((stage, new PlannedHook(hook, origin)));
    }

    /// <summary>Moves what was collected to the plan; called only after the matcher returned in time.</summary>
    public void MoveTo(InjectionPlan plan)
    {
        if (collected is null)
        {
            return;
        }
        foreach (var (stage, hook) in collected)
        {
            plan.Add(stage, hook);
        }
        collected.Clear();
    }
}
