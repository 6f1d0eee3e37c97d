using System.Collections.Immutable;
using HookInjector.Abstractions;
using HookInjector.Host.Injection;

namespace HookInjector.Host.Tools.Explain;

/// <summary>
/// Applies the plugin's <see cref="PlanDeduplicator"/> to a plan and names each hook it dropped
/// with the source whose identical hook the container keeps. The manifest's container has no
/// hooks of its own yet, so only duplicates between sources are dropped.
/// </summary>
internal static class DuplicateExplainer
{
    public static ImmutableArray<DroppedHook> Apply(InjectionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var before = Enum.GetValues<HookStage>().ToDictionary(stage => stage, stage => plan[stage].ToList());
        PlanDeduplicator.Apply(plan, existing: null);

        var dropped = ImmutableArray.CreateBuilder<DroppedHook>();
        foreach (var (stage, planned) in before)
        {
            var kept = plan[stage].ToList();
            foreach (var hook in planned)
            {
                if (!kept.Remove(hook))
                {
                    var first = planned.First(other => other.Origin != hook.Origin && other.Hook.Equals(hook.Hook));
                    dropped.Add(new DroppedHook(stage, hook, first.Origin));
                }
            }
        }
        return dropped.ToImmutable();
    }
}
