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
            for (var i = planned.Count - 1; i >= 0; i--)
            {
                if (IsInContainer(existing, stage, planned[i].Hook) || PlannedEarlierByAnother(planned, i))
                {
                    planned.RemoveAt(i);
                }
            }
        }
    }

    private static bool PlannedEarlierByAnother(IList<PlannedHook> planned, int index)
    {
        for (var i = 0; i < index; i++)
        {
            if (planned[i].Origin != planned[index].Origin && planned[i].Hook.Equals(planned[index].Hook))
            {
                return true;
            }
        }
        return false;
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
