using HookInjector.ServingBench.Launch;

namespace HookInjector.ServingBench.Measurement;

/// <summary>
/// Reads the VmRSS of the plugin and of its worker processes every few milliseconds while it serves
/// and keeps the highest values.
/// </summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);

    private readonly PluginProcess _plugin;
    private readonly WorkerProcesses _workers;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _sampling;
    private long _peakKilobytes;
    private long? _workerPeakKilobytes;

    public RssSampler(PluginProcess plugin, WorkerProcesses workers)
    {
        _plugin = plugin;
        _workers = workers;
        Sample();
        _sampling = RunAsync(_stopping.Token);
    }

    /// <summary>Stops sampling, takes one last sample and returns the peaks in kB.</summary>
    public async Task<RssPeaks> StopAsync()
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
        return new RssPeaks(_peakKilobytes, _workerPeakKilobytes);
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
            _peakKilobytes = Math.Max(_peakKilobytes, rss);
        }
        if (_workers.RssKilobytes() is { } workerRss)
        {
            _workerPeakKilobytes = Math.Max(_workerPeakKilobytes ?? 0, workerRss);
        }
    }
}
