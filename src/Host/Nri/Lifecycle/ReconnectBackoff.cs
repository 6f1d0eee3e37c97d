namespace HookInjector.Host.Nri.Lifecycle;

/// <summary>
/// Doubling delays between attempts, capped so what comes back is found quickly: reconnecting to
/// the runtime, and starting the worker again.
/// </summary>
internal sealed class ReconnectBackoff
{
    public static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan Maximum = TimeSpan.FromSeconds(10);

    private readonly TimeSpan initial;
    private readonly TimeSpan maximum;
    private TimeSpan next;

    /// <summary>Between connection attempts to the runtime.</summary>
    public ReconnectBackoff()
        : this(Initial, Maximum)
    {
    }

    public ReconnectBackoff(TimeSpan initial, TimeSpan maximum)
    {
        this.initial = initial;
        this.maximum = maximum;
        next = initial;
    }

    public TimeSpan Next()
    {
        var delay = next;
        next = next * 2 > maximum ? maximum : next * 2;
        return delay;
    }

    public void Reset() => next = initial;
}
