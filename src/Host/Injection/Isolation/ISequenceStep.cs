namespace HookInjector.Host.Injection.Isolation;

/// <summary>
/// One call in a <see cref="BudgetedSequence"/>: takes the state the previous step left and returns the
/// next one. It must never change <paramref name="input"/>: a step that overruns is abandoned while it
/// still runs, and the steps after it go on from the same input.
/// </summary>
internal interface ISequenceStep<in TArgument, TState>
    where TState : class
{
    TState Run(TArgument argument, TState input, CancellationToken cancellationToken);
}
