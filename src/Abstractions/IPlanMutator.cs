namespace HookInjector.Abstractions;

/// <summary>
/// Edits the plan after every matcher has run: may add, remove, reorder hooks or change their
/// arguments and environment. Mutators run in a stable order, each within a time budget; one that
/// throws or overruns leaves the plan as it was before it ran.
/// </summary>
public interface IPlanMutator
{
    /// <summary>A name unique within its extension, used in logs, metrics and <c>explain</c>.</summary>
    string Name { get; }

    /// <summary>Edits the plan. Must not block; honour the token.</summary>
    void Mutate(ContainerContext context, InjectionPlan plan, CancellationToken cancellationToken);
}
