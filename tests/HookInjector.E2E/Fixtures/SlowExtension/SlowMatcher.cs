using HookInjector.Abstractions;

namespace SlowExtension;

/// <summary>
/// An extension whose constructor takes 8 s, as a large extension warming up might: far longer than a
/// runtime waits for Configure (2 s), so the plugin must answer it before this has loaded.
/// </summary>
public sealed class SlowMatcher : IHookMatcher
{
    public SlowMatcher() => Thread.Sleep(TimeSpan.FromSeconds(8));

    public string Name => "slow";

    public void AddHooks(ContainerContext context, IHookCollector hooks, CancellationToken cancellationToken)
    {
    }
}
