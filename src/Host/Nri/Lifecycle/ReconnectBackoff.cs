namespace HookInjector.Host.Nri.Lifecycle;

/// <summary>Doubling delays between connection attempts, capped so a returning runtime is found quickly.</summary>
internal sealed class ReconnectBackoff
{
    public static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan Maximum = TimeSpan.FromSeconds(10);

    private TimeSpan next = Initial;

    public TimeSpan Next()
    {
        var delay = next;
        next = next * 2 > Maximum ? Maximum : next * 2;
        return delay;
    }

    public void Reset() => next = Initial;
}
