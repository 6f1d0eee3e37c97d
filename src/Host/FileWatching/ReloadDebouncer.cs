using System.Threading.Channels;

namespace HookInjector.Host.FileWatching;

/// <summary>
/// Turns bursts of change notifications into single reloads: after the first signal it waits until
/// no signal has arrived for the quiet period, or the maximum delay since the first signal has
/// passed, then reloads once. Signals during a reload start the next burst. Editors and package
/// managers write several events per change (and Go reloads on each, sometimes reading half-written
/// files); this reads the finished state once.
/// </summary>
internal sealed class ReloadDebouncer
{
    private readonly Channel<bool> signals = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly TimeSpan quietPeriod;
    private readonly TimeSpan maxDelay;
    private readonly TimeProvider time;

    public ReloadDebouncer(TimeSpan quietPeriod, TimeSpan maxDelay, TimeProvider time)
    {
        this.quietPeriod = quietPeriod;
        this.maxDelay = maxDelay;
        this.time = time;
    }

    /// <summary>Notes a change; cheap and safe from any thread (file-system watcher callbacks).</summary>
    public void Signal() => signals.Writer.TryWrite(true);

    /// <summary>Runs until cancelled, calling <paramref name="reload"/> once per burst of signals.</summary>
    public async Task RunAsync(Action reload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reload);
        var reader = signals.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            reader.TryRead(out _);
            var burstStart = time.GetTimestamp();
            while (true)
            {
                var remaining = maxDelay - time.GetElapsedTime(burstStart);
                if (remaining <= TimeSpan.Zero
                    || !await WaitForSignalAsync(remaining < quietPeriod ? remaining : quietPeriod, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
                reader.TryRead(out _);
            }
            reload();
        }
    }

    private async Task<bool> WaitForSignalAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var quiet = new CancellationTokenSource(timeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, quiet.Token);
        try
        {
            return await signals.Reader.WaitToReadAsync(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
