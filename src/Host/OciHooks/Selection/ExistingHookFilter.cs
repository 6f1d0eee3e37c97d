using System.Collections.Immutable;
using HookInjector.Abstractions;

namespace HookInjector.Host.OciHooks.Selection;

/// <summary>
/// Drops from a selection every hook the container already has at the same stage (same path,
/// arguments, environment and timeout), so a runtime that already injected hooks.d itself (CRI-O,
/// before NRI plugins run) does not get each hook twice. Existing <c>prestart</c> hooks count as
/// createRuntime, because that is where a <c>prestart</c> file's hook lands here and runtimes run
/// both at the same point (CRI-O built with containers/common before v0.58.0 writes prestart).
/// </summary>
internal static class ExistingHookFilter
{
    public static HookSelection RemoveExisting(HookSelection selection, IReadOnlyDictionary<HookStage, IReadOnlyList<OciHook>> existing)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(existing);
        if (!selection.HasHooks || existing.Count == 0)
        {
            return selection;
        }

        var stages = HookSelection.CreateEmptyStages();
        var removedAny = false;
        foreach (var stage in Enum.GetValues<HookStage>())
        {
            var selected = selection[stage];
            var kept = selected.RemoveAll(planned => IsPresent(existing, stage, planned.Hook));
            removedAny |= kept.Length != selected.Length;
            stages[(int)stage] = kept;
        }
        return removedAny ? new HookSelection(selection.MatchedFileNames, stages, selection.Warnings, selection.Error) : selection;
    }

    private static bool IsPresent(IReadOnlyDictionary<HookStage, IReadOnlyList<OciHook>> existing, HookStage stage, OciHook hook) =>
        Contains(existing, stage, hook) || (stage == HookStage.CreateRuntime && Contains(existing, HookStage.Prestart, hook));

    private static bool Contains(IReadOnlyDictionary<HookStage, IReadOnlyList<OciHook>> existing, HookStage stage, OciHook hook) =>
        existing.TryGetValue(stage, out var hooks) && hooks.Contains(hook);
}
