using System.Diagnostics;
using HookInjector.E2E.Hooks;
using HookInjector.E2E.Plugin;
using HookInjector.E2E.Pods;
using HookInjector.E2E.Runtime;
using Xunit.Abstractions;

namespace HookInjector.E2E.Tests;

public sealed class RuntimeRestartTests(ITestOutputHelper output) : E2ETest(output)
{
    [Theory]
    [ClassData(typeof(ContainerdVersions))]
    public async Task Plugin_registers_again_after_containerd_restarts_and_the_next_pod_gets_hooks(string version)
    {
        var elapsed = Stopwatch.StartNew();
        using var limit = StartTimeLimit();
        var ct = limit.Token;
        await using var runtime = await ContainerdRuntime.StartAsync(version, Report, ct);
        var hooks = PrivateHooksDirectory.CreateIn(runtime.WorkDirectory, PrivateHooksDirectory.AlwaysInject, PrivateHooksDirectory.BusyboxInject);
        await using var plugin = await ExternalPlugin.StartRegisteredAsync(runtime, hooks, ct);

        var mark = runtime.Log.Mark();
        await runtime.RestartAsync(ct);
        await PluginRegistration.WaitAsync(runtime.Log, mark, ct);
        Assert.False(plugin.HasExited, "hook-injector exited when containerd restarted instead of reconnecting");

        var pod = await SamplePod.RunAsync(runtime.Cri, runtime.PodLogDirectory, ct);
        await SamplePodHookExpectations.StopAndVerifyAsync(pod, hooks.HookLog, ct);
        await pod.RemoveAsync(ct);
        RecordTiming(nameof(Plugin_registers_again_after_containerd_restarts_and_the_next_pod_gets_hooks), runtime, elapsed, "external plugin across restart");
    }
}
