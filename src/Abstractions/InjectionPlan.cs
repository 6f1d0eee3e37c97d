namespace HookInjector.Abstractions;

/// <summary>
/// The hooks a container will get, per stage and in order. Matchers fill it through
/// <see cref="IHookCollector"/>; mutators then edit it directly: add, remove, reorder or replace
/// entries of any stage.
/// </summary>
public sealed class InjectionPlan
{
    private readonly List<PlannedHook>[] stages;

    /// <summary>An empty plan.</summary>
    public InjectionPlan()
    {
        stages = new List<PlannedHook>[Enum.GetValues<HookStage>().Length];
        for (var i = 0; i < stages.Length; i++)
        {
            stages[i] = [];
        }
    }

    /// <summary>The hooks of one stage, in the order the runtime runs them; editable.</summary>
    public IList<PlannedHook> this[HookStage stage] => stages[(int)stage];

    /// <summary>True when no stage holds a hook.</summary>
    public bool IsEmpty => stages.All(stage => stage.Count == 0);

    /// <summary>Appends a hook to a stage.</summary>
    public void Add(HookStage stage, PlannedHook hook) => stages[(int)stage].Add(hook);

    /// <summary>Every planned hook with its stage, stage by stage in <see cref="HookStage"/> order.</summary>
    public IEnumerable<(HookStage Stage, PlannedHook Hook)> Entries()
    {
        for (var i = 0; i < stages.Length; i++)
        {
            foreach (var hook in stages[i])
            {
                yield return ((HookStage)i, hook);
            }
        }
    }
}
