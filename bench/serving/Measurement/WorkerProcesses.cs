using System.Diagnostics;
using ProcessStat = HookInjector.Host.Platform.ProcessStat;
using HookInjector.ServingBench.Launch;

namespace HookInjector.ServingBench.Measurement;

/// <summary>
/// The processes a plugin starts beside itself: for ours, the worker that runs its C# rule scripts
/// (the daemon starts it while it is configured with scripts). They are looked for once, and again
/// only when one of them is gone (a worker restarted), so sampling does not scan /proc every few
/// milliseconds.
/// </summary>
internal sealed class WorkerProcesses
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly PluginProcess plugin;
    private IReadOnlyList<int> pids;

    public WorkerProcesses(PluginProcess plugin)
    {
        this.plugin = plugin;
        this.pids = ProcessStat.Children(plugin.Pid);
    }

    /// <summary>The VmRSS of all of them together; null when the plugin has none.</summary>
    public long? RssKilobytes()
    {
        if (this.pids.Count == 0)
        {
            return null;
        }
        if (Sum(this.pids, Rss) is { } sum)
        {
            return sum;
        }
        this.pids = ProcessStat.Children(this.plugin.Pid);
        return Sum(this.pids, Rss);
    }

    /// <summary>The CPU time of all of them together; null when the plugin has none or one is gone.</summary>
    public TimeSpan? CpuTime() =>
        Sum(this.pids, pid => ProcessStat.CpuTime(pid)?.Ticks) is { } ticks ? TimeSpan.FromTicks(ticks) : null;

    /// <summary>
    /// Once the plugin is killed: waits up to <paramref name="bound"/> for them to end, as they must
    /// when their daemon is gone, then kills those left so they cannot disturb the next run.
    /// </summary>
    /// <returns>The processes that had to be killed.</returns>
    public async Task<IReadOnlyList<int>> EndAsync(TimeSpan bound, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var running = this.pids.Where(IsRunning).ToList();
        while (running.Count > 0 && Stopwatch.GetElapsedTime(started) < bound)
        {
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            running.RemoveAll(pid => !IsRunning(pid));
        }
        foreach (var pid in running)
        {
            _ = LibC.kill(pid, LibC.SigKill);
        }
        return running;
    }

    private static long? Rss(int pid) => ProcFs.ReadStatusKilobytes(pid, "VmRSS");

    /// <summary>The sum of one figure over <paramref name="pids"/>; null without any, or when one has it no more.</summary>
    private static long? Sum(IReadOnlyList<int> pids, Func<int, long?> figure)
    {
        if (pids.Count == 0)
        {
            return null;
        }
        long sum = 0;
        foreach (var pid in pids)
        {
            if (figure(pid) is not { } value)
            {
                return null;
            }
            sum += value;
        }
        return sum;
    }

    private static bool IsRunning(int pid) => ProcessStat.Read(pid) is { IsRunning: true };
}
