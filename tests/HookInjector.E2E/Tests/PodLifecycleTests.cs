using System.Diagnostics;
using HookInjector.E2E.Cri.V1;
using HookInjector.E2E.Pods;
using HookInjector.E2E.Runtime;
using Xunit.Abstractions;

namespace HookInjector.E2E.Tests;

public sealed class PodLifecycleTests(ITestOutputHelper output) : E2ETest(output)
{
    [Theory]
    [ClassData(typeof(ContainerdVersions))]
    public async Task Host_network_pod_with_two_containers_is_created_started_stopped_and_removed_through_CRI(string version)
    {
        var elapsed = Stopwatch.StartNew();
        using var limit = StartTimeLimit();
        var ct = limit.Token;
        await using var runtime = await ContainerdRuntime.StartAsync(version, Report, ct);
        var cri = runtime.Cri;

        var criVersion = await cri.VersionAsync(ct);
        Assert.Equal("containerd", criVersion.RuntimeName);
        Assert.StartsWith(version == "1.7" ? "1.7." : "2.", criVersion.RuntimeVersion.TrimStart('v'), StringComparison.Ordinal);

        var pod = await SamplePod.RunAsync(cri, runtime.PodLogDirectory, ct);
        var running = await cri.ListContainersAsync(pod.PodId, ct);
        Assert.Equal(
            [SamplePod.BusyboxContainer, SamplePod.ShellContainer],
            running.Where(c => c.State == ContainerState.ContainerRunning).Select(c => c.Metadata.Name).Order(StringComparer.Ordinal));

        await WaitForOutputAsync(pod, SamplePod.ShellContainer, "I am a shell", ct);
        await WaitForOutputAsync(pod, SamplePod.BusyboxContainer, "busybox", ct);

        await pod.StopContainersAsync(ct);
        foreach (var id in pod.ContainerIds.Values)
        {
            var status = await cri.ContainerStatusAsync(id, ct);
            Assert.Equal(ContainerState.ContainerExited, status.State);
        }

        var podId = pod.PodId;
        await pod.RemoveAsync(ct);
        Assert.Empty(await cri.ListContainersAsync(podId, ct));
        RecordTiming(nameof(Host_network_pod_with_two_containers_is_created_started_stopped_and_removed_through_CRI), runtime, elapsed);
    }

    private static async Task WaitForOutputAsync(RunningPod pod, string container, string expected, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (!pod.ReadContainerLog(container).Contains(expected, StringComparison.Ordinal))
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"container {container} did not print '{expected}': log is '{pod.ReadContainerLog(container)}'");
            await Task.Delay(100, cancellationToken);
        }
    }
}
