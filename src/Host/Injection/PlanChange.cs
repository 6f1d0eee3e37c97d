using HookInjector.Host.OciHooks;
using HookInjector.Abstractions;

namespace HookInjector.Host.Injection;

/// <summary>
/// How a mutator changed a plan: whether it did, a copy for it to edit, and the change in words: hooks changed in place (same stage, path and origin),
/// added, removed, or the same hooks reordered.
/// </summary>
internal static class PlanChange
{
    private static readonly HookStage[] Stages = Enum.GetValues<HookStage>();

    /// <summary>Whether two plans hold the same hooks, with the same origins, in the same order in every stage.</summary>
    public static bool Same(InjectionPlan a, InjectionPlan b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        foreach (var stage in Stages)
        {
            var (left, right) = (a[stage], b[stage]);
            if (left.Count != right.Count)
            {
                return false;
            }
            for (var i = 0; i < left.Count; i++)
            {
                if (!left[i].Equals(right[i]))
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>A plan a mutator can edit, leaving the original as it was.</summary>
    public static InjectionPlan Copy(InjectionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var copy = new InjectionPlan();
        foreach (var (stage, hook) in plan.Entries())
        {
            copy.Add(stage, hook);
        }
        return copy;
    }

    /// <summary>The change in words, or null when the plan is unchanged.</summary>
    public static string? Describe(InjectionPlan before, InjectionPlan after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var old = before.Entries().ToList();
        var now = after.Entries().ToList();
        if (Same(before, after))
        {
            return null;
        }
        var added = Minus(now, old);
        var removed = Minus(old, now);
        var parts = new List<string>();
        foreach (var gone in removed.ToList())
        {
            var index = added.FindIndex(entry => entry.Stage == gone.Stage && entry.Hook.Origin == gone.Hook.Origin && entry.Hook.Hook.Path == gone.Hook.Hook.Path);
            if (index >= 0)
            {
                parts.Add($"changed {Describe(gone)}: {Fields(gone.Hook.Hook, added[index].Hook.Hook)}");
                added.RemoveAt(index);
                removed.Remove(gone);
            }
        }
        if (added.Count > 0)
        {
            parts.Add($"added {string.Join(", ", added.Select(Describe))}");
        }
        if (removed.Count > 0)
        {
            parts.Add($"removed {string.Join(", ", removed.Select(Describe))}");
        }
        return parts.Count == 0 ? "reordered the hooks" : string.Join("; ", parts);
    }

    private static string Fields(OciHook before, OciHook after)
    {
        var fields = new List<string>();
        if (!before.Args.SequenceEqual(after.Args))
        {
            fields.Add("args");
        }
        if (!before.Env.SequenceEqual(after.Env))
        {
            var addedEnv = after.Env.Except(before.Env).ToList();
            fields.Add(addedEnv.Count > 0 ? $"env +{string.Join(" +", addedEnv)}" : "env");
        }
        if (before.TimeoutSeconds != after.TimeoutSeconds)
        {
            fields.Add("timeout");
        }
        return string.Join(", ", fields);
    }

    private static List<(HookStage Stage, PlannedHook Hook)> Minus(List<(HookStage Stage, PlannedHook Hook)> from, List<(HookStage Stage, PlannedHook Hook)> taken)
    {
        var remaining = new List<(HookStage Stage, PlannedHook Hook)>(taken);
        var left = new List<(HookStage Stage, PlannedHook Hook)>();
        foreach (var entry in from)
        {
            if (!remaining.Remove(entry))
            {
                left.Add(entry);
            }
        }
        return left;
    }

    private static string Describe((HookStage Stage, PlannedHook Hook) entry) =>
        $"{OciStageNames.Of(entry.Stage)} {entry.Hook.Hook.Path} ({entry.Hook.Origin})";
}
