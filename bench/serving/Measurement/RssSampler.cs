using HookInjector.ServingBench.Launch;

namespace HookInjector.ServingBench.Measurement;

/// <summary>
/// Reads the VmRSS of the plugin and of its worker processes every few milliseconds while it serves
/// and keeps the highest values.
/// </summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);

    private readonly PluginProcess plugin;
    private readonly WorkerProcesses workers;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task sampling;
    private long peakKilobytes;
    private long? workerPeakKilobytes;

    public RssSampler(PluginProcess plugin, WorkerProcesses workers)
    {
        this.plugin = plugin;
        this.workers = workers;
        Sample();
        this.sampling = RunAsync(stopping.Token);
    }

    /// <summary>Stops sampling, takes one last sample and returns the peaks in kB.</summary>
    public async Task<RssPeaks> StopAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await this.sampling.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        Sample();
        return new RssPeaks(peakKilobytes, workerPeakKilobytes);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        stopping.Dispose();
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
        if (this.plugin.ReadStatusKilobytes("VmRSS") is { } rss)
        {
            peakKilobytes = Math.Max(peakKilobytes, rss);
        }
        if (this.workers.RssKilobytes() is { } workerRss)
        {
            workerPeakKilobytes = Math.Max(workerPeakKilobytes ?? 0, workerRss);
        }
    }
}
