using HookInjector.E2E.Cri;
using HookInjector.E2E.Cri.V1;

namespace HookInjector.E2E.Pods;

/// <summary>A pod sandbox created through CRI and the containers started in it, by name.</summary>
public sealed class RunningPod
{
    /// <summary>Like the sample's terminationGracePeriodSeconds: sh ignores SIGTERM as pid 1.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(1);

    private readonly CriClient cri;
    private readonly Dictionary<string, string> containerIds = new(StringComparer.Ordinal);

    private RunningPod(CriClient cri, string podId, PodSandboxConfig config)
    {
        this.cri = cri;
        PodId = podId;
        Config = config;
    }

    public string PodId { get; }

    public PodSandboxConfig Config { get; }

    public IReadOnlyDictionary<string, string> ContainerIds => containerIds;

    public static async Task<RunningPod> StartSandboxAsync(CriClient cri, PodSandboxConfig config, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(config.LogDirectory);
        var podId = await cri.RunPodSandboxAsync(config, cancellationToken);
        return new RunningPod(cri, podId, config);
    }

    public async Task<string> StartContainerAsync(ContainerConfig container, CancellationToken cancellationToken)
    {
        var id = await this.cri.CreateContainerAsync(PodId, container, Config, cancellationToken);
        containerIds[container.Metadata.Name] = id;
        await this.cri.StartContainerAsync(id, cancellationToken);
        return id;
    }

    /// <summary>What the named container wrote to stdout, from its CRI log file.</summary>
    public string ReadContainerLog(string name)
    {
        var path = Path.Combine(Config.LogDirectory, $"{name}.log");
        return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
    }

    public async Task StopContainersAsync(CancellationToken cancellationToken)
    {
        foreach (var id in containerIds.Values)
        {
            await this.cri.StopContainerAsync(id, StopGrace, cancellationToken);
        }
    }

    /// <summary>Removes the containers and the sandbox, as the kubelet does when a pod is deleted.</summary>
    public async Task RemoveAsync(CancellationToken cancellationToken)
    {
        foreach (var id in containerIds.Values)
        {
            await this.cri.RemoveContainerAsync(id, cancellationToken);
        }

        containerIds.Clear();
        await this.cri.StopPodSandboxAsync(PodId, cancellationToken);
        await this.cri.RemovePodSandboxAsync(PodId, cancellationToken);
    }
}
