using System.Diagnostics;
using HookInjector.E2E.Hooks;
using HookInjector.E2E.Plugin;
using HookInjector.E2E.Pods;
using HookInjector.E2E.Runtime;
using Xunit.Abstractions;

namespace HookInjector.E2E.Tests;

public sealed class HookReloadTests(ITestOutputHelper output) : E2ETest(output)
{
    private static readonly TimeSpan ReloadTimeout = TimeSpan.FromSeconds(15);

    [Theory]
    [ClassData(typeof(ContainerdVersions))]
    public async Task Hook_file_added_while_the_plugin_runs_applies_to_the_next_container(string version)
    {
        var elapsed = Stopwatch.StartNew();
        using var limit = StartTimeLimit();
        var ct = limit.Token;
        await using var runtime = await ContainerdRuntime.StartAsync(version, Report, ct);
        var hooks = PrivateHooksDirectory.CreateIn(runtime.WorkDirectory, PrivateHooksDirectory.AlwaysInject);
        await using var plugin = await ExternalPlugin.StartRegisteredAsync(runtime, hooks, ct);

        var pod = await RunningPod.StartSandboxAsync(runtime.Cri, SamplePod.SandboxConfig(runtime.PodLogDirectory), ct);
        var before = await pod.StartContainerAsync(SamplePod.Busybox("busybox-before"), ct);
        var records = await hooks.HookLog.WaitUntilAsync(
            r => r.Any(x => x.ContainerId == before && x.IsAlwaysInjectedHook), TimeSpan.FromSeconds(20), "the always-inject hook for the first container", ct);
        Assert.DoesNotContain(records, r => r.IsBusyboxHook);

        hooks.Add(PrivateHooksDirectory.BusyboxInject);

        // The plugin reloads on its own schedule (file watching, debounce): try new containers until
        // one gets the new hook, bounded in time; the first one to get it must get it whole.
        var watch = Stopwatch.StartNew();
        var attempt = 0;
        string? injected = null;
        while (injected is null)
        {
            Assert.True(watch.Elapsed < ReloadTimeout, $"no container got the busybox hook within {ReloadTimeout.TotalSeconds:0}s of adding it: {DemoHookLog.Describe(hooks.HookLog.Read())}");
            var id = await pod.StartContainerAsync(SamplePod.Busybox($"busybox-after-{++attempt}"), ct);
            records = await hooks.HookLog.WaitUntilAsync(
                r => r.Any(x => x.ContainerId == id && x.IsAlwaysInjectedHook), TimeSpan.FromSeconds(20), $"the always-inject hook for container {id}", ct);
            if (records.Any(r => r.ContainerId == id && r.IsBusyboxHook))
            {
                injected = id;
            }
        }

        Assert.DoesNotContain(records, r => r.ContainerId == before && r.IsBusyboxHook);
        Assert.Single(records, r => r.ContainerId == injected && r.IsBusyboxHook && r.RanBeforeStart);
        await pod.StopContainersAsync(ct);
        await pod.RemoveAsync(ct);
        RecordTiming(nameof(Hook_file_added_while_the_plugin_runs_applies_to_the_next_container), runtime, elapsed, $"hook picked up by container #{attempt} after {watch.Elapsed.TotalSeconds:0.0}s");
    }
}
