using System.Diagnostics;
using HookInjector.E2E.Hooks;
using HookInjector.E2E.Plugin;
using HookInjector.E2E.Pods;
using HookInjector.E2E.Runtime;
using Xunit.Abstractions;

namespace HookInjector.E2E.Tests;

public sealed class PreinstalledPluginTests(ITestOutputHelper output) : E2ETest(output)
{
    [Theory]
    [ClassData(typeof(ContainerdVersions))]
    public async Task Sample_pod_gets_the_sample_hooks_from_the_plugin_containerd_launches(string version)
    {
        var elapsed = Stopwatch.StartNew();
        using var limit = StartTimeLimit();
        var ct = limit.Token;
        var binary = HookInjectorBinary.Locate();
        await using var runtime = ContainerdRuntime.Create(version, Report);
        var hooks = PrivateHooksDirectory.CreateIn(runtime.WorkDirectory, PrivateHooksDirectory.AlwaysInject, PrivateHooksDirectory.BusyboxInject);
        var pluginLog = PluginLog.PrepareFor(runtime, hooks);
        PreinstalledPlugin.Install(runtime, binary, hooks.Directory, pluginLog);

        await runtime.StartAsync(ct);
        await PluginRegistration.WaitAsync(runtime.Log, since: 0, ct);

        var pod = await SamplePod.RunAsync(runtime.Cri, runtime.PodLogDirectory, ct);
        await SamplePodHookExpectations.StopAndVerifyAsync(pod, hooks.HookLog, ct);
        await pod.RemoveAsync(ct);
        Assert.True(File.Exists(pluginLog), $"the plugin did not write the log file named in its configuration ({pluginLog})");
        RecordTiming(nameof(Sample_pod_gets_the_sample_hooks_from_the_plugin_containerd_launches), runtime, elapsed, "pre-installed plugin");
    }
}
