using System.Diagnostics;
using HookInjector.Benchmarks.Workload;
using HookInjector.Host.Nri.Api;
using HookInjector.ServingBench.Launch;
using HookInjector.ServingBench.Runtime;

namespace HookInjector.ServingBench.Measurement;

/// <summary>
/// One plugin, started fresh: the time from spawning it to its RegisterPlugin, its memory once
/// configured and idle, then <c>requests</c> CreateContainer calls one after the other (a runtime
/// calls its plugins under one lock) with their latencies and the memory while serving.
/// </summary>
internal static class ServingRun
{
    /// <summary>How long the plugin may take to register; containerd's default is 5 s, a busy machine needs more.</summary>
    private static readonly TimeSpan RegistrationBound = TimeSpan.FromSeconds(60);

    public static async Task<ServingResult> MeasureAsync(PluginUnderTest plugin, ServingOptions options, CancellationToken cancellationToken)
    {
        using var process = PluginProcess.Start(plugin.Executable, ServingOptions.PluginName, ServingOptions.PluginIndex);
        await using var runtime = new RuntimeSide(process.RuntimeEnd);

        long registeredAt;
        try
        {
            registeredAt = await runtime.Registered.WaitAsync(RegistrationBound, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException(
                $"{plugin.Label} ({plugin.Executable}) did not send RegisterPlugin within {RegistrationBound.TotalSeconds:0} s" +
                (process.HasExited() ? "; it exited" : ""));
        }
        var startup = Stopwatch.GetElapsedTime(process.StartedAt, registeredAt);

        await runtime.ConfigureAsync(cancellationToken).ConfigureAwait(false);
        await Task.Delay(options.Settle, cancellationToken).ConfigureAwait(false);
        var idleKilobytes = RequireStatus(process, "VmRSS", plugin);

        var request = new CreateContainerRequest { Pod = KubernetesContainer.Pod(), Container = KubernetesContainer.Container() };
        var latencies = new double[options.Requests];
        var injected = -1;
        long peakKilobytes;
        await using (var sampler = new RssSampler(process))
        {
            for (var i = 0; i < latencies.Length; i++)
            {
                var sent = Stopwatch.GetTimestamp();
                var response = await runtime.CreateContainerAsync(request, cancellationToken).ConfigureAwait(false);
                latencies[i] = Stopwatch.GetElapsedTime(sent).TotalMicroseconds;
                var hooks = CountHooks(response);
                if (injected >= 0 && hooks != injected)
                {
                    throw new InvalidOperationException($"{plugin.Label} injected {hooks} hooks on call {i + 1} but {injected} on the first");
                }
                injected = hooks;
            }
            peakKilobytes = await sampler.StopAsync().ConfigureAwait(false);
        }
        var endKilobytes = RequireStatus(process, "VmRSS", plugin);
        var highWaterKilobytes = RequireStatus(process, "VmHWM", plugin);

        return new ServingResult(
            plugin.Label,
            startup.TotalMilliseconds,
            idleKilobytes,
            Math.Max(peakKilobytes, endKilobytes),
            endKilobytes,
            highWaterKilobytes,
            Latencies.Of(latencies),
            injected);
    }

    private static int CountHooks(CreateContainerResponse response)
    {
        if (response.Adjust?.Hooks is not { } hooks)
        {
            return 0;
        }
        return hooks.Prestart.Count + hooks.CreateRuntime.Count + hooks.CreateContainer.Count +
            hooks.StartContainer.Count + hooks.Poststart.Count + hooks.Poststop.Count;
    }

    private static long RequireStatus(PluginProcess process, string field, PluginUnderTest plugin) =>
        process.ReadStatusKilobytes(field)
        ?? throw new InvalidOperationException($"{plugin.Label} exited: /proc/{process.Pid}/status has no {field}");
}
