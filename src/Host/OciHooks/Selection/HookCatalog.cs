using System.Collections.Immutable;
using HookInjector.Abstractions;
using HookInjector.Host.GoRegex;
using HookInjector.Host.OciHooks.Matching;

namespace HookInjector.Host.OciHooks.Selection;

/// <summary>
/// An immutable set of hooks.d hooks, sorted once the way Go evaluates them: ascending by
/// lower-cased file name, compared by code point (Go compares bytes of UTF-8, which orders the
/// same). Go leaves names equal after lower-casing in random relative order; here the original
/// names break the tie so the order is stable.
/// <see cref="Select"/> reads only immutable data and the patterns' own caches: no lock, and no
/// allocation unless a hook matches. All its pattern searches share one time budget.
/// It evaluates only the hooks that <see cref="AnnotationKeyIndex"/> leaves as candidates, in order.
/// </summary>
internal sealed class HookCatalog
{
    /// <summary>Candidate sets up to this many words (16,384 hooks) live on the stack.</summary>
    private const int MaxStackWords = 256;

    private readonly HookDefinition[] hooks;
    private readonly AnnotationKeyIndex index;
    private readonly HookPatternTimeouts? timeouts;

    /// <param name="hooks">The hooks, in any order.</param>
    /// <param name="strictMatching">See <see cref="StrictMatching"/>.</param>
    /// <param name="timeouts">The matching time budget, and where searches it cut short are reported; null for the default budget, unreported.</param>
    public HookCatalog(IEnumerable<HookDefinition> hooks, bool strictMatching, HookPatternTimeouts? timeouts = null)
    {
        ArgumentNullException.ThrowIfNull(hooks);
        this.hooks = [.. hooks.OrderBy(hook => hook.FileName.ToLowerInvariant(), CodePointComparer.Instance)
            .ThenBy(hook => hook.FileName, CodePointComparer.Instance)];
        index = new AnnotationKeyIndex(this.hooks);
        StrictMatching = strictMatching;
        this.timeouts = timeouts;
    }

    public static HookCatalog Empty { get; } = new([], strictMatching: false);

    /// <summary>The hooks in evaluation order.</summary>
    public IReadOnlyList<HookDefinition> Hooks => hooks;

    /// <summary>
    /// Go fails the container when a hook's <c>commands</c> must be checked against a container
    /// without process arguments. CRI-O-compatible mode (false) leaves that hook out and warns instead.
    /// </summary>
    public bool StrictMatching { get; }

    public HookSelection Select(HookMatchInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var words = AnnotationKeyIndex.WordsFor(hooks.Length);
        var candidates = words <= MaxStackWords ? stackalloc ulong[words] : new ulong[words];
        index.MarkCandidates(input.AnnotationPairs, candidates);

        var budget = timeouts?.StartBudget() ?? SearchBudget.Start(TimeProvider.System, HookPatternTimeouts.DefaultBudget);
        SelectionBuilder? builder = null;
        for (var next = AnnotationKeyIndex.NextCandidate(candidates, 0); next >= 0; next = AnnotationKeyIndex.NextCandidate(candidates, next + 1))
        {
            var hook = hooks[next];
            var outcome = hook.When.Match(input, ref budget, out var abandoned);
            if (abandoned is not null)
            {
                timeouts?.Report(hook, abandoned, budget.ExhaustedAfter);
            }
            switch (outcome)
            {
                case HookMatchOutcome.Match:
                    (builder ??= new SelectionBuilder()).Add(hook);
                    break;
                case HookMatchOutcome.MissingProcessArgs:
                    builder ??= new SelectionBuilder();
                    var warning = new HookSelectionWarning(hook.FileName, "process.args must have at least one entry");
                    if (StrictMatching)
                    {
                        return HookSelection.Failed(warning.ToString(), builder.Warnings);
                    }
                    builder.Warnings = builder.Warnings.Add(warning);
                    break;
            }
        }
        return builder?.Build() ?? HookSelection.None;
    }

    private sealed class SelectionBuilder
    {
        private readonly List<string> matched = [];
        private readonly List<PlannedHook>?[] stages = new List<PlannedHook>?[Enum.GetValues<HookStage>().Length];

        public ImmutableArray<HookSelectionWarning> Warnings { get; set; } = [];

        public void Add(HookDefinition hook)
        {
            matched.Add(hook.FileName);
            foreach (var stage in hook.Stages)
            {
                (stages[(int)stage] ??= []).Add(hook.Planned);
            }
        }

        public HookSelection Build()
        {
            var result = HookSelection.CreateEmptyStages();
            for (var stage = 0; stage < stages.Length; stage++)
            {
                if (stages[stage] is { } list)
                {
                    result[stage] = [.. list];
                }
            }
            return new HookSelection([.. matched], result, Warnings, error: null);
        }
    }
}

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

/// <summary>A hook that could not be matched and was left out, with the reason (Go's wording).</summary>
internal sealed record HookSelectionWarning(string FileName, string Message)
{
    public override string ToString() => $"matching hook {Formats.GoQuote.Quote(FileName)}: {Message}";
}
