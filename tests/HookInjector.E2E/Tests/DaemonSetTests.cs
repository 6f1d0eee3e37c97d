using System.Diagnostics;
using System.Globalization;
using HookInjector.E2E.Deployment;
using HookInjector.E2E.Hooks;
using HookInjector.E2E.Plugin;
using HookInjector.E2E.Pods;
using HookInjector.E2E.Rules;
using HookInjector.E2E.Runtime;
using Xunit.Abstractions;
using static HookInjector.E2E.Deployment.KubernetesYaml;

namespace HookInjector.E2E.Tests;

/// <summary>
/// The DaemonSet of samples/deploy/kubernetes, run for real: the image samples/deploy/build-image.sh
/// builds, imported into containerd; the kustomize base rendered by kubectl; its pod template run
/// through CRI as the kubelet would, readiness probe included. The plugin registers from inside its
/// container, a labelled pod gets its hooks.d, YAML rule, script and extension hooks, deleting the
/// plugin's pod leaves later pods without hooks, and a new plugin pod brings them back.
/// </summary>
public sealed class DaemonSetTests(ITestOutputHelper output, HookInjectorImage image) : E2ETest(output), IClassFixture<HookInjectorImage>
{
    private const string Traced = "traced";
    private static readonly TimeSpan ReadyBound = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan HookTimeout = TimeSpan.FromSeconds(20);

    [Theory]
    [ClassData(typeof(ContainerdVersions))]
    public async Task DaemonSet_pod_registers_from_its_container_and_labelled_pods_get_hooks_only_while_it_runs(string version)
    {
        var elapsed = Stopwatch.StartNew();
        using var limit = StartTimeLimit();
        var ct = limit.Token;
        await using var runtime = await ContainerdRuntime.StartAsync(version, Report, ct);
        await runtime.ImportImageAsync(image.Archive, image.Reference, ct);

        var hooks = PrivateHooksDirectory.CreateIn(runtime.WorkDirectory, PrivateHooksDirectory.AlwaysInject);
        var sources = PrivateRuleSources.CreateIn(runtime.WorkDirectory, hooks.HookLog);
        runtime.AddDiagnosticFile(hooks.HookLog.Path);
        var nodePaths = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["/var/run/nri"] = Path.GetDirectoryName(runtime.NriSocket)!,
            ["/usr/share/containers/oci/hooks.d"] = hooks.Directory,
            ["/etc/hook-injector/rules.d"] = sources.RulesDirectory,
            ["/etc/hook-injector/extensions"] = sources.ExtensionsDirectory,
            ["/var/cache/hook-injector/scripts"] = sources.ScriptCacheDirectory,
        };
        var rendered = await DaemonSetOverlay.RenderAsync(
            runtime.WorkDirectory, nodePaths, [Path.GetDirectoryName(RepositoryLayout.DemoHookScript)!], ct);
        var daemonSet = DaemonSetOverlay.DaemonSetOf(rendered);
        var container = Items(daemonSet["spec"]?["template"]?["spec"]?["containers"]).Single();
        Assert.Equal(image.Reference, Text(container["image"]));

        // A node address of its own in 127/8, so the host-network metrics port cannot meet another test's.
        var kubelet = new Kubelet(
            runtime, string.Create(CultureInfo.InvariantCulture, $"127.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(0, 256)}.{Random.Shared.Next(1, 255)}"),
            DaemonSetOverlay.ConfigMapsOf(rendered));

        var (firstPlugin, firstReady, byProbe) = await RunPluginPodAsync(runtime, kubelet, daemonSet, ct);
        var served = await RunTracedPodAsync(runtime, "served-pod", ct);
        await AssertAllHooksRanAsync(hooks.HookLog, served, "served-pod", ct);
        var memory = await firstPlugin.MemoryWorkingSetAsync(ct);

        var beforeDelete = runtime.Log.Mark();
        await firstPlugin.DeleteAsync(ct);
        await PluginRegistration.WaitForDisconnectAsync(runtime.Log, beforeDelete, ct);
        var unserved = await RunTracedPodAsync(runtime, "unserved-pod", ct);
        // Hooks before start run inside StartContainer: once it has returned, none can still come.
        Assert.DoesNotContain(hooks.HookLog.Read(), r => r.ContainerId == unserved);

        var (_, secondReady, _) = await RunPluginPodAsync(runtime, kubelet, daemonSet, ct);
        var servedAgain = await RunTracedPodAsync(runtime, "served-again-pod", ct);
        await AssertAllHooksRanAsync(hooks.HookLog, servedAgain, "served-again-pod", ct);
        Assert.DoesNotContain(hooks.HookLog.Read(), r => r.ContainerId == unserved);

        var note = string.Create(
            CultureInfo.InvariantCulture,
            $"DaemonSet pod: image {image.Size / 1048576.0:0.0} MiB, working set {memory / 1048576.0:0.0} MiB after serving a pod, {(byProbe ? "ready by its probe" : "registered (no readiness endpoint)")} {firstReady.TotalSeconds:0.0} s after RunPodSandbox with a cold script cache, {secondReady.TotalSeconds:0.0} s warm");
        RecordTiming(nameof(DaemonSet_pod_registers_from_its_container_and_labelled_pods_get_hooks_only_while_it_runs), runtime, elapsed, note);
    }

    /// <summary>
    /// Runs the plugin's pod and waits for it as the kubelet does, by its readiness probe; then checks
    /// that the process containerd registered is the one in the pod's container.
    /// </summary>
    /// <returns>The pod, when it was ready (or, without a readiness endpoint, seen registered) after RunPodSandbox, and which of the two.</returns>
    private async Task<(KubeletPod Pod, TimeSpan Ready, bool ByProbe)> RunPluginPodAsync(ContainerdRuntime runtime, Kubelet kubelet, System.Text.Json.Nodes.JsonObject daemonSet, CancellationToken ct)
    {
        var mark = runtime.Log.Mark();
        var pod = await kubelet.RunAsync(daemonSet, ct);
        var ready = await pod.WaitUntilReadyAsync(ReadyBound, ct);
        if (ready is null)
        {
            // The readiness contract (503 until registered and every source loaded, then 200) comes with
            // the health endpoints; a build without them answers 404, and registration is then known
            // from containerd's log alone.
            Report($"{pod.Readiness.Address} answered 404: this build does not serve the readiness probe's path; registration taken from containerd's log");
        }
        else
        {
            var liveness = await pod.Liveness.CheckAsync(ct);
            Assert.True(HttpGetProbe.Succeeded(liveness), $"liveness probe {pod.Liveness.Address} failed ({(liveness is null ? "no answer" : (int)liveness)}) on a ready plugin");
        }

        var registered = await PluginRegistration.WaitAsync(runtime.Log, mark, ct);
        var registeredAfter = pod.SinceStart;
        // The image's entrypoint is the daemon, so it is the container's first process.
        var processId = PluginRegistration.ProcessIdIn(registered);
        Assert.Equal(await pod.ProcessIdAsync(ct), processId);
        Assert.NotEqual(new FileInfo("/proc/self/ns/mnt").LinkTarget, new FileInfo($"/proc/{processId}/ns/mnt").LinkTarget);
        return (pod, ready ?? registeredAfter, ready is not null);
    }

    private static async Task<string> RunTracedPodAsync(ContainerdRuntime runtime, string name, CancellationToken ct)
    {
        var pod = await SamplePod.RunLabelledAsync(runtime, name, Traced, new() { [PrivateRuleSources.TraceLabel] = "true" }, ct);
        return pod.ContainerIds[Traced];
    }

    /// <summary>hooks.d's always-inject hook, the YAML rule's and the script's, each with PodInfoEnv's pod identity.</summary>
    private static async Task AssertAllHooksRanAsync(DemoHookLog log, string containerId, string podName, CancellationToken ct)
    {
        var records = await log.WaitUntilAsync(
            r => r.Count(x => x.ContainerId == containerId && x.RanBeforeStart) >= 3,
            HookTimeout,
            $"the always-inject, YAML rule and script hooks for {podName} before start",
            ct);
        var mine = records.Where(r => r.ContainerId == containerId).ToList();
        var described = DemoHookLog.Describe(records);
        Assert.Single(mine, r => r.IsAlwaysInjectedHook);
        Assert.Equal(
            new[] { PrivateRuleSources.ScriptArgument, PrivateRuleSources.YamlRuleArgument }.Order(StringComparer.Ordinal),
            mine.Where(r => !r.IsAlwaysInjectedHook).Select(r => r.Arguments).Order(StringComparer.Ordinal));
        Assert.All(mine, r => Assert.True(podName == r.Environment.GetValueOrDefault("HOOK_POD_NAME"), $"PodInfoEnv did not name {podName}: {described}"));
    }
}
