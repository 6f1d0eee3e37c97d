using HookInjector.ServingBench.Launch;

namespace HookInjector.ServingBench.Measurement;

/// <summary>Reads the plugin's VmRSS every few milliseconds while it serves and keeps the highest value.</summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);

    private readonly PluginProcess _plugin;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _sampling;
    private long _peakKilobytes;

    public RssSampler(PluginProcess plugin)
    {
        _plugin = plugin;
        Sample();
        _sampling = RunAsync(_stopping.Token);
    }

    public int Samples { get; private set; }

    /// <summary>Stops sampling, takes one last sample and returns the peak in kB.</summary>
    public async Task<long> StopAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _sampling.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        Sample();
        return _peakKilobytes;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            Sample();
        }
    }

    private void Sample()
    {
        if (_plugin.ReadStatusKilobytes("VmRSS") is { } rss)
        {
            Samples++;
            _peakKilobytes = Math.Max(_peakKilobytes, rss);
        }
    }
}
