using System.Collections.Immutable;
using HookInjector.Abstractions;

namespace HookInjector.Host.OciHooks.Selection;

/// <summary>
/// The hooks.d hooks for one container: per OCI stage, in injection order, each with its file
/// name as origin. <see cref="MatchedFileNames"/> lists every hook whose <c>when</c> matched, so
/// "matched but injects nothing" (<c>stages: []</c>) is told apart from "nothing matched".
/// A selection with an <see cref="Error"/> (Go's strict behaviour) carries no hooks: the caller
/// is expected to fail the container.
/// </summary>
internal sealed class HookSelection
{
    private static readonly ImmutableArray<PlannedHook>[] NoStages = CreateEmptyStages();

    private readonly ImmutableArray<PlannedHook>[] stages;

    public HookSelection(ImmutableArray<string> matchedFileNames, ImmutableArray<PlannedHook>[] stages, ImmutableArray<HookSelectionWarning> warnings, string? error)
    {
        MatchedFileNames = matchedFileNames;
        this.stages = stages;
        Warnings = warnings;
        Error = error;
    }

    public static HookSelection None { get; } = new([], NoStages, [], null);

    public ImmutableArray<string> MatchedFileNames { get; }

    public ImmutableArray<HookSelectionWarning> Warnings { get; }

    public string? Error { get; }

    public bool AnyMatched => !MatchedFileNames.IsEmpty;

    public bool HasHooks => Array.Exists(stages, stage => !stage.IsEmpty);

    public ImmutableArray<PlannedHook> this[HookStage stage] => stages[(int)stage];

    public static HookSelection Failed(string error, ImmutableArray<HookSelectionWarning> warnings) => new([], NoStages, warnings, error);

    public static ImmutableArray<PlannedHook>[] CreateEmptyStages()
    {
        var empty = new ImmutableArray<PlannedHook>[Enum.GetValues<HookStage>().Length];
        Array.Fill(empty, []);
        return empty;
    }

    /// <summary>Appends every selected hook to the plan, stage by stage, keeping the order.</summary>
    public void AddTo(InjectionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        for (var stage = 0; stage < stages.Length; stage++)
        {
            foreach (var hook in stages[stage])
            {
                plan.Add((HookStage)stage, hook);
            }
        }
    }
}
