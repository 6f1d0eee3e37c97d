using HookInjector.Abstractions;
using HookInjector.Host.Injection.Isolation;

namespace HookInjector.Host.Injection;

/// <summary>
/// The consecutive script and extension calls of one container, gathered so they are handed to an
/// isolation thread together (<see cref="BudgetedSequence"/>) instead of one by one.
/// </summary>
internal sealed class IsolatedCalls
{
    private readonly List<ISequenceStep<ContainerContext, InjectionPlan>> steps = [];
    private readonly List<(HookOrigin Origin, bool Mutates)> callers = [];

    public int Count => steps.Count;

    public void Add(ISequenceStep<ContainerContext, InjectionPlan> step, HookOrigin origin, bool mutates)
    {
        steps.Add(step);
        callers.Add((origin, mutates));
    }

    public IReadOnlyList<ISequenceStep<ContainerContext, InjectionPlan>> Steps => steps;

    public (HookOrigin Origin, bool Mutates) CallerAt(int index) => callers[index];

    /// <summary>Forgets the first <paramref name="count"/> calls: they ran, or were given up.</summary>
    public void RemoveFirst(int count)
    {
        steps.RemoveRange(0, count);
        callers.RemoveRange(0, count);
    }

    /// <summary>Drops every call of <paramref name="origin"/>: its code overran and may still be running.</summary>
    public void RemoveAll(HookOrigin origin)
    {
        for (var index = callers.Count - 1; index >= 0; index--)
        {
            if (callers[index].Origin == origin)
            {
                steps.RemoveAt(index);
                callers.RemoveAt(index);
            }
        }
    }
}
