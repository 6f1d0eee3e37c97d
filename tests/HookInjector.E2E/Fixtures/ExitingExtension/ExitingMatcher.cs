using HookInjector.Abstractions;

namespace ExitingExtension;

/// <summary>An extension whose constructor ends the process that loads it.</summary>
public sealed class ExitingMatcher : IHookMatcher
{
    public ExitingMatcher() => Environment.Exit(0);

    public string Name => "exiting";

    public void AddHooks(ContainerContext context, IHookCollector hooks, CancellationToken cancellationToken)
    {
    }
}
