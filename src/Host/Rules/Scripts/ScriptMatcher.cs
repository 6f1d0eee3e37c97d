using HookInjector.Abstractions;

namespace HookInjector.Host.Rules.Scripts;

/// <summary>A rule script seen as a matcher: each call runs the script body with fresh globals.</summary>
internal sealed class ScriptMatcher(string name, CompiledScript script) : IHookMatcher
{
    public string Name => name;

    public void AddHooks(ContainerContext context, IHookCollector hooks, CancellationToken cancellationToken) =>
        script.Run(new ScriptGlobals(context, hooks, cancellationToken), cancellationToken);
}
