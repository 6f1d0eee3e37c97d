namespace HookInjector.E2E.Tests;

/// <summary>
/// All end-to-end tests share one collection: they run one after another, because each
/// starts its own containerd and the machine is small.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class E2ESuite : ICollectionFixture<E2EPrerequisites>
{
    public const string Name = "E2E";
}
