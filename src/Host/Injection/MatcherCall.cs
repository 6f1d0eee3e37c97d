using HookInjector.Abstractions;
using HookInjector.Host.Injection.Isolation;

namespace HookInjector.Host.Injection;

/// <summary>One matcher offered one container, its hooks going to <paramref name="hooks"/>.</summary>
internal readonly struct MatcherCall(IHookMatcher matcher, ContainerContext context, IHookCollector hooks) : ISourceCall
{
    public void Invoke(CancellationToken cancellationToken) => matcher.AddHooks(context, hooks, cancellationToken);
}
