using System.Diagnostics;
using HookInjector.Benchmarks.Workload;
using HookInjector.Host.Nri.Api;
using HookInjector.Host.Platform;
using HookInjector.Host.Transport.Ttrpc;
using HookInjector.ServingBench.Launch;
using HookInjector.ServingBench.Runtime;

namespace HookInjector.ServingBench.Measurement;

/// <summary>
/// One plugin, started fresh: the time from spawning it to its RegisterPlugin and from Configure to
/// its reply, its memory (and its worker's) once configured and idle, then <c>requests</c>
/// CreateContainer calls one after the other (a runtime calls its plugins under one lock) with their
/// latencies and the memory while serving.
/// </summary>
internal static class ServingRun
{
    /// <summary>How long the plugin may take to register; containerd's default is 5 s, a busy machine needs more.</summary>
    private static readonly TimeSpan RegistrationBound = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long the warm-up waits for every hook: the scripts compile with an empty cache, which takes
    /// seconds each on a busy machine (the worker allows each 60 s, and tries three times).
    /// </summary>
    private static readonly TimeSpan WarmUpBound = TimeSpan.FromMinutes(5);

    /// <summary>How long a worker may take to end once its daemon is killed before it is killed too.</summary>
    private static readonly TimeSpan WorkerEndBound = TimeSpan.FromSeconds(10);

    /// <summary>
    /// One start that is not measured, before the runs: it fills our plugin's script cache (so the
    /// runs measure a warm cache, as on a node after its first start) and the page cache for every
    /// plugin, and checks the hooks injected before any measurement.
    /// </summary>
    /// <returns>How long Configure took, and how long after it was sent a container first got every hook.</returns>
    public static async Task<(TimeSpan Configure, TimeSpan EveryHook)> WarmUpAsync(PluginUnderTest plugin, CancellationToken cancellationToken)
    {
        var process = PluginProcess.Start(plugin.Executable, ServingOptions.PluginName, ServingOptions.PluginIndex);
        try
        {
            await using var runtime = new RuntimeSide(process.RuntimeEnd);
            await RegisteredAsync(plugin, process, runtime, cancellationToken).ConfigureAwait(false);
            var sent = Stopwatch.GetTimestamp();
            // As a runtime does: Configure must be answered within the request timeout, compiling or not.
            var configure = await ConfigureAsync(plugin, runtime, RuntimeSide.RequestTimeout, cancellationToken).ConfigureAwait(false);
            await runtime.SynchronizeAsync(cancellationToken).ConfigureAwait(false);
            // Our scripts join once compiled, seconds later with the empty cache: until then a container gets fewer hooks.
            while (true)
            {
                var injected = CountHooks(await runtime.CreateContainerAsync(Request(), cancellationToken).ConfigureAwait(false));
                if (plugin.ExpectedHooks is not { } expected || injected == expected || Stopwatch.GetElapsedTime(sent) > WarmUpBound)
                {
                    CheckHooks(plugin, injected);
                    return (configure, Stopwatch.GetElapsedTime(sent));
                }
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await StopAsync(plugin, process).ConfigureAwait(false);
        }
    }

    public static async Task<ServingResult> MeasureAsync(PluginUnderTest plugin, ServingOptions options, CancellationToken cancellationToken)
    {
        var process = PluginProcess.Start(plugin.Executable, ServingOptions.PluginName, ServingOptions.PluginIndex);
        try
        {
            await using var runtime = new RuntimeSide(process.RuntimeEnd);
            var registeredAt = await RegisteredAsync(plugin, process, runtime, cancellationToken).ConfigureAwait(false);
            var startup = Stopwatch.GetElapsedTime(process.StartedAt, registeredAt);

            var configure = await ConfigureAsync(plugin, runtime, RuntimeSide.RequestTimeout, cancellationToken).ConfigureAwait(false);
            await runtime.SynchronizeAsync(cancellationToken).ConfigureAwait(false);
            await Task.Delay(options.Settle, cancellationToken).ConfigureAwait(false);
            var idleKilobytes = RequireStatus(process, "VmRSS", plugin);
            // The daemon starts its worker while Configure loads the scripts, so it is there by now.
            var workers = new WorkerProcesses(process);
            var workerIdleKilobytes = workers.RssKilobytes();

            var request = Request();
            var latencies = new double[options.Requests];
            var injected = -1;
            RssPeaks peaks;
            var cpuBefore = ProcessStat.CpuTime(process.Pid);
            var workerCpuBefore = workers.CpuTime();
            await using (var sampler = new RssSampler(process, workers))
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
                peaks = await sampler.StopAsync().ConfigureAwait(false);
            }
            var cpuPerCall = PerCall(cpuBefore, ProcessStat.CpuTime(process.Pid), options.Requests);
            var workerCpuPerCall = PerCall(workerCpuBefore, workers.CpuTime(), options.Requests);
            var endKilobytes = RequireStatus(process, "VmRSS", plugin);
            var highWaterKilobytes = RequireStatus(process, "VmHWM", plugin);
            var workerEndKilobytes = workers.RssKilobytes();
            CheckHooks(plugin, injected);

            return new ServingResult(
                plugin.Label,
                startup.TotalMilliseconds,
                configure.TotalMilliseconds,
                idleKilobytes,
                Math.Max(peaks.PluginKilobytes, endKilobytes),
                endKilobytes,
                highWaterKilobytes,
                workerIdleKilobytes,
                MaxOrNull(peaks.WorkerKilobytes, workerEndKilobytes),
                workerEndKilobytes,
                Latencies.Of(latencies),
                cpuPerCall,
                workerCpuPerCall,
                injected);
        }
        finally
        {
            await StopAsync(plugin, process).ConfigureAwait(false);
        }
    }

    private static async Task<long> RegisteredAsync(PluginUnderTest plugin, PluginProcess process, RuntimeSide runtime, CancellationToken cancellationToken)
    {
        try
        {
            return await runtime.RegisteredAsync(process, RegistrationBound, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"{plugin.Label} ({plugin.Executable}) exited without sending RegisterPlugin");
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"{plugin.Label} ({plugin.Executable}) did not send RegisterPlugin within {RegistrationBound.TotalSeconds:0} s");
        }
    }

    private static async Task<TimeSpan> ConfigureAsync(PluginUnderTest plugin, RuntimeSide runtime, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var sent = Stopwatch.GetTimestamp();
        try
        {
            await runtime.ConfigureAsync(plugin.Configuration, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TtrpcException e)
        {
            throw new InvalidOperationException($"{plugin.Label}: Configure failed after {Stopwatch.GetElapsedTime(sent).TotalMilliseconds:0} ms (timeout {timeout.TotalMilliseconds:0} ms): {e.Message}", e);
        }
        return Stopwatch.GetElapsedTime(sent);
    }

    /// <summary>
    /// Kills the plugin as the runtime does, then sees its worker processes end with it. Not
    /// cancellable: it is bounded, and an interrupted bench must not leave a worker behind.
    /// </summary>
    private static async Task StopAsync(PluginUnderTest plugin, PluginProcess process)
    {
        var workers = new WorkerProcesses(process);
        process.Dispose();
        var killed = await workers.EndAsync(WorkerEndBound, CancellationToken.None).ConfigureAwait(false);
        if (killed.Count > 0)
        {
            await Console.Error.WriteLineAsync(
                $"serving-bench: {plugin.Label}: worker process {string.Join(", ", killed)} was still running {WorkerEndBound.TotalSeconds:0} s after its daemon was killed; killed it").ConfigureAwait(false);
        }
    }

    private static CreateContainerRequest Request() =>
        new() { Pod = KubernetesContainer.Pod(), Container = KubernetesContainer.Container() };

    private static void CheckHooks(PluginUnderTest plugin, int injected)
    {
        if (plugin.ExpectedHooks is { } expected && injected != expected)
        {
            throw new InvalidOperationException($"{plugin.Label} injected {injected} hooks per container, expected {expected}: it did not read the generated hook files or rule scripts");
        }
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

    /// <summary>CPU microseconds per call between two readings; null without both (no worker, or it restarted).</summary>
    private static double? PerCall(TimeSpan? before, TimeSpan? after, int calls) =>
        before is { } start && after is { } end ? (end - start).TotalMicroseconds / calls : null;

    private static long? MaxOrNull(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private static long RequireStatus(PluginProcess process, string field, PluginUnderTest plugin) =>
        process.ReadStatusKilobytes(field)
        ?? throw new InvalidOperationException($"{plugin.Label} exited: /proc/{process.Pid}/status has no {field}");
}
