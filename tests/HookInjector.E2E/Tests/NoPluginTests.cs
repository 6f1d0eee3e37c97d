using System.Diagnostics;
using HookInjector.E2E.Hooks;
using HookInjector.E2E.Pods;
using HookInjector.E2E.Runtime;
using Xunit.Abstractions;

namespace HookInjector.E2E.Tests;

public sealed class NoPluginTests(ITestOutputHelper output) : E2ETest(output)
{
    [Theory]
    [ClassData(typeof(ContainerdVersions))]
    public async Task Without_the_plugin_no_hook_runs(string version)
    {
        var elapsed = Stopwatch.StartNew();
        using var limit = StartTimeLimit();
        var ct = limit.Token;
        await using var runtime = await ContainerdRuntime.StartAsync(version, Report, ct);
        var hooks = PrivateHooksDirectory.CreateIn(runtime.WorkDirectory, PrivateHooksDirectory.AlwaysInject, PrivateHooksDirectory.BusyboxInject);

        var pod = await SamplePod.RunAsync(runtime.Cri, runtime.PodLogDirectory, ct);
        await pod.StopContainersAsync(ct);
        await pod.RemoveAsync(ct);

        // Poststop hooks would have run by now: the containers are deleted.
        Assert.Empty(hooks.HookLog.Read());
        Assert.False(File.Exists(hooks.HookLog.Path), $"{hooks.HookLog.Path} exists although no plugin injected hooks");
        RecordTiming(nameof(Without_the_plugin_no_hook_runs), runtime, elapsed, "baseline without plugin");
    }
}
