namespace HookInjector.Abstractions;

/// <summary>
/// Selects hooks for a container. Matchers run after hooks.d, in a stable order, each within a
/// time budget; one that throws or overruns is skipped for that container only.
/// </summary>
public interface IHookMatcher
{
    /// <summary>A name unique within its extension, used in logs, metrics and <c>explain</c>.</summary>
    string Name { get; }

    /// <summary>Adds the hooks this container should get. Must not block; honour the token.</summary>
    void AddHooks(ContainerContext context, IHookCollector hooks, CancellationToken cancellationToken);
}
