using System.Collections.Immutable;
using HookInjector.Abstractions;
using NriHooks = HookInjector.Host.Nri.Api.Hooks;
using HookInjector.Host.Injection.Nri;

namespace HookInjector.Host.Injection;

/// <summary>
/// Removes the hooks a container would get twice, where CRI-O and podman would give it once.
/// "The same hook" is the same stage, path, arguments, environment and timeout
/// (<see cref="OciHook.Equals(OciHook?)"/>).
/// <list type="bullet">
/// <item>hooks.d is kept as CRI-O and podman inject it: every matching file gives its hook, so
/// three files giving <c>/bin/true</c> at prestart give it three times.</item>
/// <item>A rule, script or extension that plans a hook hooks.d or another source already planned
/// adds nothing; repeats within one source stay, as a hook file may list a stage twice.</item>
/// <item>What the container already has is not added again (a runtime such as CRI-O injects
/// hooks.d itself before NRI plugins run; an existing prestart hook counts for createRuntime,
/// where this plugin puts prestart files), counted as a multiset: a container that has a hook
/// twice cancels two planned copies, not every one.</item>
/// </list>
/// </summary>
internal static class PlanDeduplicator
{
    private static readonly HookStage[] Stages = Enum.GetValues<HookStage>();

    /// <summary>Removes the duplicates from <paramref name="plan"/> and returns what was removed, in plan order.</summary>
    public static ImmutableArray<DroppedHook> Apply(InjectionPlan plan, NriHooks? existing)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ImmutableArray<DroppedHook>.Builder? dropped = null;
        foreach (var stage in Stages)
        {
            var planned = plan[stage];
            if (planned.Count == 0)
            {
                continue;
            }
            var inContainer = existing is null ? null : InContainer(existing, stage);
            if (inContainer is null && planned.Count == 1)
            {
                continue;
            }
            // The group that first planned each hook: all of hooks.d is one group, every other origin its own.
            var first = new Dictionary<OciHook, HookOrigin>(planned.Count);
            for (var i = 0; i < planned.Count; i++)
            {
                var (hook, origin) = (planned[i].Hook, planned[i].Origin);
                HookOrigin? keptFrom = null;
                bool drop;
                if (inContainer is not null && inContainer.TryGetValue(hook, out var copies) && copies > 0)
                {
                    inContainer[hook] = copies - 1;
                    drop = true;
                }
                else if (first.TryGetValue(hook, out var earlier))
                {
                    drop = origin.Kind != HookSourceKind.HooksDirectory && Group(earlier) != Group(origin);
                    keptFrom = earlier;
                }
                else
                {
                    first.Add(hook, origin);
                    drop = false;
                }
                if (drop)
                {
                    (dropped ??= ImmutableArray.CreateBuilder<DroppedHook>()).Add(new DroppedHook(stage, planned[i], keptFrom));
                    planned.RemoveAt(i);
                    i--;
                }
            }
        }
        return dropped?.ToImmutable() ?? [];
    }

    private static HookOrigin Group(HookOrigin origin) => origin.Kind == HookSourceKind.HooksDirectory ? HooksDirectory : origin;

    private static readonly HookOrigin HooksDirectory = new(HookSourceKind.HooksDirectory, "");

    /// <summary>How many copies of each hook the container has for <paramref name="stage"/>; null when none.</summary>
    private static Dictionary<OciHook, int>? InContainer(NriHooks existing, HookStage stage)
    {
        Dictionary<OciHook, int>? counts = null;
        Count(NriConversion.Stage(existing, stage), ref counts);
        if (stage == HookStage.CreateRuntime)
        {
            Count(NriConversion.Stage(existing, HookStage.Prestart), ref counts);
        }
        return counts;
    }

    private static void Count(IEnumerable<HookInjector.Host.Nri.Api.Hook> hooks, ref Dictionary<OciHook, int>? counts)
    {
        foreach (var present in hooks)
        {
            if (NriConversion.FromNri(present) is not { } hook)
            {
                continue;
            }
            counts ??= [];
            counts[hook] = counts.GetValueOrDefault(hook) + 1;
        }
    }
}
