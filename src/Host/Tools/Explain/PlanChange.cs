using HookInjector.Abstractions;

namespace HookInjector.Host.Tools.Explain;

/// <summary>
/// Describes how a mutator changed a plan: hooks changed in place (same stage, path and origin),
/// added, removed, or the same hooks reordered.
/// </summary>
internal static class PlanChange
{
    /// <summary>The change in words, or null when the plan is unchanged.</summary>
    public static string? Describe(InjectionPlan before, InjectionPlan after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var old = before.Entries().ToList();
        var now = after.Entries().ToList();
        if (old.SequenceEqual(now))
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
        $"{StageNames.Of(entry.Stage)} {entry.Hook.Hook.Path} ({entry.Hook.Origin})";
}
