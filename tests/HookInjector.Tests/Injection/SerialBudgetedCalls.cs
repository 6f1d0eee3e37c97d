namespace HookInjector.Tests.Injection;

/// <summary>
/// Tests whose isolated calls must be picked up by the thread pool within the pipeline's budgets
/// (250 ms per call, 800 ms per container). Run beside the rest of the suite, blocking tests can
/// starve the pool past those budgets and turn a timeout into "never started"; alone they cannot.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialBudgetedCalls
{
    public const string Name = "Budgeted calls";
}
