using System.Diagnostics;
using System.Net;
using HookInjector.E2E.Cri;
using HookInjector.E2E.Cri.V1;

namespace HookInjector.E2E.Deployment;

/// <summary>A pod the test's <see cref="Kubelet"/> runs: its one container, its probes, its deletion.</summary>
public sealed class KubeletPod
{
    private readonly CriClient cri;
    private readonly Stopwatch sinceStart;

    internal KubeletPod(CriClient cri, string podId, string containerId, string logPath, HttpGetProbe readiness, HttpGetProbe liveness, TimeSpan grace, Stopwatch sinceStart)
    {
        this.cri = cri;
        PodId = podId;
        ContainerId = containerId;
        LogPath = logPath;
        Readiness = readiness;
        Liveness = liveness;
        Grace = grace;
        this.sinceStart = sinceStart;
    }

    public string PodId { get; }

    public string ContainerId { get; }

    /// <summary>The container's CRI log (what the plugin prints).</summary>
    public string LogPath { get; }

    public HttpGetProbe Readiness { get; }

    public HttpGetProbe Liveness { get; }

    /// <summary>Time since the kubelet called RunPodSandbox for this pod.</summary>
    public TimeSpan SinceStart => this.sinceStart.Elapsed;

    /// <summary>terminationGracePeriodSeconds: how long StopContainer waits after SIGTERM.</summary>
    public TimeSpan Grace { get; }

    /// <summary>
    /// Runs the readiness probe as the kubelet does (after initialDelaySeconds, every periodSeconds)
    /// until it succeeds; returns how long after RunPodSandbox that was, or null when the endpoint
    /// answers 404: a plugin whose metrics listener does not serve the probe's path at all.
    /// </summary>
    public async Task<TimeSpan?> WaitUntilReadyAsync(TimeSpan bound, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        await Task.Delay(Readiness.InitialDelay, cancellationToken);
        HttpStatusCode? last = null;
        while (true)
        {
            last = await Readiness.CheckAsync(cancellationToken);
            if (HttpGetProbe.Succeeded(last))
            {
                return SinceStart;
            }

            if (last == HttpStatusCode.NotFound)
            {
                return null;
            }

            var status = await this.cri.ContainerStatusAsync(ContainerId, cancellationToken);
            if (status.State != ContainerState.ContainerRunning)
            {
                throw new InvalidOperationException($"the plugin's container is {status.State} (exit {status.ExitCode}, {status.Reason}) before its readiness probe succeeded; its log: {Tail()}");
            }

            if (waited.Elapsed > bound)
            {
                throw new TimeoutException($"readiness probe {Readiness.Address} did not succeed within {bound.TotalSeconds:0}s (last answer: {(last is null ? "none" : (int)last)}); the plugin's log: {Tail()}");
            }

            await Task.Delay(Readiness.Period, cancellationToken);
        }
    }

    /// <summary>The process id of the container's first process, as containerd reports it (in the node's pid namespace).</summary>
    public async Task<int> ProcessIdAsync(CancellationToken cancellationToken)
    {
        var info = await this.cri.ContainerInfoAsync(ContainerId, cancellationToken);
        var json = info.GetValueOrDefault("info") ?? throw new InvalidOperationException($"the runtime gives no verbose info for container {ContainerId}");
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.GetProperty("pid").GetInt32();
    }

    /// <summary>The container's memory working set, as the kubelet reads it for its eviction and metrics.</summary>
    public async Task<ulong> MemoryWorkingSetAsync(CancellationToken cancellationToken)
    {
        var stats = await this.cri.ContainerStatsAsync(ContainerId, cancellationToken);
        return stats.Memory?.WorkingSetBytes?.Value ?? throw new InvalidOperationException($"the runtime reports no memory for container {ContainerId}");
    }

    /// <summary>Deletes the pod as the kubelet does: SIGTERM with the grace period, then the container and the sandbox are removed.</summary>
    public async Task DeleteAsync(CancellationToken cancellationToken)
    {
        await this.cri.StopContainerAsync(ContainerId, Grace, cancellationToken);
        await this.cri.RemoveContainerAsync(ContainerId, cancellationToken);
        await this.cri.StopPodSandboxAsync(PodId, cancellationToken);
        await this.cri.RemovePodSandboxAsync(PodId, cancellationToken);
    }

    private string Tail()
    {
        if (!File.Exists(LogPath))
        {
            return "(no log)";
        }

        return string.Join(" | ", File.ReadAllLines(LogPath).TakeLast(5));
    }
}
