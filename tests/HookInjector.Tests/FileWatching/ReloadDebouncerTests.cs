using HookInjector.Host.FileWatching;
using HookInjector.Tests.OciHooks;

namespace HookInjector.Tests.FileWatching;

public sealed class ReloadDebouncerTests : IAsyncDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Max = TimeSpan.FromMilliseconds(500);

    private readonly ManualTimeProvider time = new();
    private readonly ReloadDebouncer debouncer;
    private readonly CancellationTokenSource stop = new();
    private readonly Task running;
    private int reloads;

    public ReloadDebouncerTests()
    {
        debouncer = new ReloadDebouncer(Quiet, Max, time);
        running = debouncer.RunAsync(() => Interlocked.Increment(ref reloads), stop.Token);
    }

    private int Reloads => Volatile.Read(ref reloads);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        stop.Dispose();
    }

    private async Task SignalAndWaitForQuietTimer()
    {
        var before = time.TimersCreated;
        debouncer.Signal();
        await Eventually.True(() => time.TimersCreated > before, "a quiet-period timer");
    }

    [Fact]
    public async Task A_burst_of_signals_gives_one_reload()
    {
        for (var i = 0; i < 50; i++)
        {
            debouncer.Signal();
        }
        await Eventually.True(() => time.TimersCreated >= 1, "the quiet-period timer");
        Assert.Equal(0, Reloads);

        // The reader may pick up the burst in one or several reads, depending on how the threads
        // interleave; whichever way, quiet time after it gives exactly one reload.
        for (var step = 0; step < 100 && Reloads == 0; step++)
        {
            time.Advance(Quiet);
            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }
        await Eventually.True(() => Reloads == 1, "the reload");
        time.Advance(Max * 4);
        await Task.Delay(TimeSpan.FromMilliseconds(50));
        Assert.Equal(1, Reloads);
    }

    [Fact]
    public async Task A_signal_within_the_quiet_period_restarts_it()
    {
        await SignalAndWaitForQuietTimer();
        time.Advance(TimeSpan.FromMilliseconds(150));
        await SignalAndWaitForQuietTimer();
        time.Advance(TimeSpan.FromMilliseconds(150));
        Assert.Equal(0, Reloads);
        time.Advance(TimeSpan.FromMilliseconds(50));
        await Eventually.True(() => Reloads == 1, "the reload");
    }

    [Fact]
    public async Task Continuous_signals_still_reload_once_the_maximum_delay_has_passed()
    {
        await SignalAndWaitForQuietTimer();
        for (var elapsed = 150; elapsed <= 450; elapsed += 150)
        {
            time.Advance(TimeSpan.FromMilliseconds(150));
            await SignalAndWaitForQuietTimer();
            Assert.Equal(0, Reloads);
        }
        time.Advance(TimeSpan.FromMilliseconds(50));
        await Eventually.True(() => Reloads == 1, "the forced reload");
    }

    [Fact]
    public async Task Separate_bursts_give_separate_reloads()
    {
        for (var burst = 1; burst <= 3; burst++)
        {
            await SignalAndWaitForQuietTimer();
            time.Advance(Quiet);
            var expected = burst;
            await Eventually.True(() => Reloads == expected, $"reload {burst}");
        }
    }
}
