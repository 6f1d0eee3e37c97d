using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using HookInjector.E2E.Cri.V1;

namespace HookInjector.E2E.Cri;

/// <summary>
/// The CRI calls the tests make, each bounded by a deadline so that a stuck runtime
/// fails the test instead of hanging it.
/// </summary>
public sealed class CriClient : IDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private readonly GrpcChannel channel;
    private readonly RuntimeService.RuntimeServiceClient runtime;
    private readonly ImageService.ImageServiceClient images;

    public CriClient(string socketPath)
    {
        channel = CriChannel.ForUnixSocket(socketPath);
        this.runtime = new RuntimeService.RuntimeServiceClient(channel);
        images = new ImageService.ImageServiceClient(channel);
    }

    /// <summary>Latency of every CreateContainer call, as the client measured it.</summary>
    public List<TimeSpan> CreateContainerLatencies { get; } = [];

    /// <summary>Waits until the CRI plugin answers and knows <paramref name="image"/>.</summary>
    public async Task WaitUntilReadyAsync(string image, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        string lastProblem = "no answer yet";
        while (deadline.Elapsed < timeout)
        {
            try
            {
                await this.runtime.VersionAsync(new VersionRequest { Version = "v1" }, deadline: Deadline(TimeSpan.FromSeconds(2)), cancellationToken: cancellationToken);
                var status = await images.ImageStatusAsync(
                    new ImageStatusRequest { Image = new ImageSpec { Image = image } },
                    deadline: Deadline(TimeSpan.FromSeconds(2)),
                    cancellationToken: cancellationToken);
                if (status.Image is not null)
                {
                    return;
                }

                lastProblem = $"image {image} not known to CRI yet";
            }
            catch (RpcException e)
            {
                lastProblem = e.Status.Detail;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"CRI not ready within {timeout.TotalSeconds:0}s: {lastProblem}");
    }

    public async Task<VersionResponse> VersionAsync(CancellationToken cancellationToken) =>
        await this.runtime.VersionAsync(new VersionRequest { Version = "v1" }, deadline: Deadline(), cancellationToken: cancellationToken);

    public async Task<string> RunPodSandboxAsync(PodSandboxConfig config, CancellationToken cancellationToken)
    {
        var response = await this.runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = config }, deadline: Deadline(), cancellationToken: cancellationToken);
        return response.PodSandboxId;
    }

    public async Task StopPodSandboxAsync(string podId, CancellationToken cancellationToken) =>
        await this.runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = podId }, deadline: Deadline(), cancellationToken: cancellationToken);

    public async Task RemovePodSandboxAsync(string podId, CancellationToken cancellationToken) =>
        await this.runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = podId }, deadline: Deadline(), cancellationToken: cancellationToken);

    public async Task<string> CreateContainerAsync(string podId, ContainerConfig config, PodSandboxConfig sandboxConfig, CancellationToken cancellationToken)
    {
        var request = new CreateContainerRequest { PodSandboxId = podId, Config = config, SandboxConfig = sandboxConfig };
        var watch = Stopwatch.StartNew();
        var response = await this.runtime.CreateContainerAsync(request, deadline: Deadline(), cancellationToken: cancellationToken);
        CreateContainerLatencies.Add(watch.Elapsed);
        return response.ContainerId;
    }

    public async Task StartContainerAsync(string containerId, CancellationToken cancellationToken) =>
        await this.runtime.StartContainerAsync(new StartContainerRequest { ContainerId = containerId }, deadline: Deadline(), cancellationToken: cancellationToken);

    public async Task StopContainerAsync(string containerId, TimeSpan grace, CancellationToken cancellationToken) =>
        await this.runtime.StopContainerAsync(
            new StopContainerRequest { ContainerId = containerId, Timeout = (long)grace.TotalSeconds },
            deadline: Deadline(CallTimeout + grace),
            cancellationToken: cancellationToken);

    public async Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken) =>
        await this.runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = containerId }, deadline: Deadline(), cancellationToken: cancellationToken);

    public async Task<IReadOnlyList<Container>> ListContainersAsync(string podId, CancellationToken cancellationToken)
    {
        var request = new ListContainersRequest { Filter = new ContainerFilter { PodSandboxId = podId } };
        var response = await this.runtime.ListContainersAsync(request, deadline: Deadline(), cancellationToken: cancellationToken);
        return response.Containers;
    }

    public async Task<ContainerStatus> ContainerStatusAsync(string containerId, CancellationToken cancellationToken)
    {
        var response = await this.runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = containerId }, deadline: Deadline(), cancellationToken: cancellationToken);
        return response.Status;
    }

    /// <summary>The runtime's verbose information about a container (containerd: key "info", a JSON document with "pid").</summary>
    public async Task<IReadOnlyDictionary<string, string>> ContainerInfoAsync(string containerId, CancellationToken cancellationToken)
    {
        var response = await this.runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = containerId, Verbose = true }, deadline: Deadline(), cancellationToken: cancellationToken);
        return response.Info;
    }

    /// <summary>The image as the runtime knows it, or null when it has no such image.</summary>
    public async Task<Image?> ImageStatusAsync(string image, CancellationToken cancellationToken)
    {
        var response = await images.ImageStatusAsync(
            new ImageStatusRequest { Image = new ImageSpec { Image = image } }, deadline: Deadline(), cancellationToken: cancellationToken);
        return response.Image;
    }

    public async Task<ContainerStats> ContainerStatsAsync(string containerId, CancellationToken cancellationToken)
    {
        var response = await this.runtime.ContainerStatsAsync(new ContainerStatsRequest { ContainerId = containerId }, deadline: Deadline(), cancellationToken: cancellationToken);
        return response.Stats;
    }

    public void Dispose() => channel.Dispose();

    private static DateTime Deadline(TimeSpan? timeout = null) => DateTime.UtcNow + (timeout ?? CallTimeout);
}
