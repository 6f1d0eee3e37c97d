using System.Diagnostics;
using HookInjector.E2E.Hooks;
using HookInjector.E2E.Plugin;
using HookInjector.E2E.Pods;
using HookInjector.E2E.Runtime;
using Xunit.Abstractions;

namespace HookInjector.E2E.Tests;

public sealed class ExternalPluginTests(ITestOutputHelper output) : E2ETest(output)
{
    [Theory]
    [ClassData(typeof(ContainerdVersions))]
    public async Task Sample_pod_gets_the_sample_hooks_from_the_external_plugin(string version)
    {
        var elapsed = Stopwatch.StartNew();
        using var limit = StartTimeLimit();
        var ct = limit.Token;
        await using var runtime = await ContainerdRuntime.StartAsync(version, Report, ct);
        var hooks = PrivateHooksDirectory.CreateIn(runtime.WorkDirectory, PrivateHooksDirectory.AlwaysInject, PrivateHooksDirectory.BusyboxInject);
        await using var plugin = await ExternalPlugin.StartRegisteredAsync(runtime, hooks, ct);

        var pod = await SamplePod.RunAsync(runtime.Cri, runtime.PodLogDirectory, ct);
        await SamplePodHookExpectations.StopAndVerifyAsync(pod, hooks.HookLog, ct);
        await pod.RemoveAsync(ct);
        Assert.False(plugin.HasExited, "hook-injector exited while serving the runtime");
        RecordTiming(nameof(Sample_pod_gets_the_sample_hooks_from_the_external_plugin), runtime, elapsed, "external plugin");
    }
}
