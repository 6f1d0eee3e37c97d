using HookInjector.E2E.Hooks;
using HookInjector.E2E.Plugin;
using HookInjector.E2E.Pods;
using HookInjector.E2E.Runtime;

namespace HookInjector.E2E.Demo;

/// <summary>
/// The upstream "Testing" walkthrough on one machine: containerd with NRI, hook-injector with
/// the sample hooks, the sample pod, the hook log; everything cleaned up afterwards.
/// </summary>
public static class DemoCommand
{
    public static async Task<int> RunAsync(string version, TextWriter console)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = limit.Token;
        try
        {
            await using var runtime = await ContainerdRuntime.StartAsync(version, _ => { }, ct);
            await console.WriteLineAsync($"containerd {runtime.PackageVersion} running with NRI at {runtime.NriSocket}");

            var hooks = PrivateHooksDirectory.CreateIn(runtime.WorkDirectory, PrivateHooksDirectory.AlwaysInject, PrivateHooksDirectory.BusyboxInject);
            await using (await ExternalPlugin.StartRegisteredAsync(runtime, hooks, ct))
            {
                await console.WriteLineAsync($"hook-injector -idx 10 registered, hooks from {hooks.Directory}");

                var pod = await SamplePod.RunAsync(runtime.Cri, runtime.PodLogDirectory, ct);
                await console.WriteLineAsync($"pod hook-demo running: {string.Join(", ", pod.ContainerIds.Keys)}");
                await SamplePodHookExpectations.StopAndVerifyAsync(pod, hooks.HookLog, ct);
                await pod.RemoveAsync(ct);
            }

            await console.WriteLineAsync($"--- {hooks.HookLog.Path}");
            await console.WriteLineAsync(await File.ReadAllTextAsync(hooks.HookLog.Path, ct));
            await console.WriteLineAsync("demo passed: always-inject ran for shell and busybox, busybox-inject only for busybox, at prestart and poststop");
            return 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await console.WriteLineAsync($"demo failed: {e.Message}");
            return 1;
        }
    }
}
