using HookInjector.Abstractions;
using NriHooks = HookInjector.Host.Nri.Api.Hooks;
using HookInjector.Host.Injection.Nri;

namespace HookInjector.Host.Injection;

/// <summary>
/// Makes sure a hook is injected once. "The same hook" is the same stage, path, arguments,
/// environment and timeout (<see cref="OciHook.Equals(OciHook?)"/>). A planned hook is dropped when
/// the container already has it (a runtime such as CRI-O injects its own hooks.d before NRI plugins
/// run; an existing prestart hook counts for createRuntime, where this plugin puts prestart files),
/// or when a different source already planned it. Repeats within one source stay, as Go's Hook
/// Manager keeps a hook file that lists a stage twice.
/// </summary>
internal static class PlanDeduplicator
{
    public static void Apply(InjectionPlan plan, NriHooks? existing)
    {
        foreach (var stage in Enum.GetValues<HookStage>())
        {
            var planned = plan[stage];
            if (planned.Count == 0)
            {
                continue;
            }
            var plannedByAnother = planned.Count > 1 ? PlannedEarlierByAnother(planned) : null;
            for (var i = planned.Count - 1; i >= 0; i--)
            {
                if (plannedByAnother?[i] == true || IsInContainer(existing, stage, planned[i].Hook))
                {
                    planned.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>
    /// For each planned hook, whether an equal hook from another origin comes before it. One pass
    /// with the first origin seen per hook: a stage can hold hundreds of hooks (a large hooks.d),
    /// and comparing each with every earlier one would grow with the square of that.
    /// </summary>
    private static bool[] PlannedEarlierByAnother(IList<PlannedHook> planned)
    {
        var result = new bool[planned.Count];
        var seen = new Dictionary<OciHook, (HookOrigin First, bool ManyOrigins)>(planned.Count);
        for (var i = 0; i < planned.Count; i++)
        {
            var (hook, origin) = (planned[i].Hook, planned[i].Origin);
            if (!seen.TryGetValue(hook, out var earlier))
            {
                seen.Add(hook, (origin, false));
                continue;
            }
            // With two origins among the earlier copies, one of them differs from this one.
            result[i] = earlier.ManyOrigins || earlier.First != origin;
            if (result[i] && !earlier.ManyOrigins)
            {
                seen[hook] = (earlier.First, true);
            }
        }
        return result;
    }

    private static bool IsInContainer(NriHooks? existing, HookStage stage, OciHook hook)
    {
        if (existing is null)
        {
            return false;
        }
        return Contains(existing, stage, hook) || (stage == HookStage.CreateRuntime && Contains(existing, HookStage.Prestart, hook));
    }

    private static bool Contains(NriHooks existing, HookStage stage, OciHook hook)
    {
        foreach (var present in HookConversion.Stage(existing, stage))
        {
            if (HookConversion.SameHook(present, hook))
            {
                return true;
            }
        }
        return false;
    }
}
