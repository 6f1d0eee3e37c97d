namespace HookInjector.Tests.Injection;

/// <summary>
/// Tests whose assertions depend on the pipeline's budgets (250 ms per call, 800 ms per container)
/// and on the isolation threads that these tests block on purpose. Run beside the rest of the suite
/// on two cores, the CPU is shared too thinly to keep those budgets reliably; alone it is not.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialBudgetedCalls
{
    public const string Name = "Budgeted calls";
}
