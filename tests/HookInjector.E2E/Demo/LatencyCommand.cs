using System.Globalization;
using System.Text.RegularExpressions;
using HookInjector.E2E.Hooks;
using HookInjector.E2E.Plugin;
using HookInjector.E2E.Pods;
using HookInjector.E2E.Runtime;

namespace HookInjector.E2E.Demo;

/// <summary>
/// Measures what hook-injector adds to container creation: CRI CreateContainer latency as the
/// client sees it and as containerd logs it, first without the plugin, then with it and the
/// sample hooks. A measurement to report, not a test: it asserts nothing about speed.
/// </summary>
public static partial class LatencyCommand
{
    public static async Task<int> RunAsync(string version, int count, TextWriter console)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var ct = limit.Token;
        try
        {
            await using var runtime = await ContainerdRuntime.StartAsync(version, _ => { }, ct);
            var hooks = PrivateHooksDirectory.CreateIn(runtime.WorkDirectory, PrivateHooksDirectory.AlwaysInject, PrivateHooksDirectory.BusyboxInject);
            var pod = await RunningPod.StartSandboxAsync(runtime.Cri, SamplePod.SandboxConfig(runtime.PodLogDirectory), ct);

            var without = await MeasureAsync(runtime, pod, "plain", count, ct);
            await using var plugin = await ExternalPlugin.StartRegisteredAsync(runtime, hooks, ct);
            var with = await MeasureAsync(runtime, pod, "hooked", count, ct);

            await console.WriteLineAsync($"CreateContainer latency, containerd {runtime.PackageVersion}, {count} containers each (ms):");
            await console.WriteLineAsync("                         client p50   p95   max | containerd p50   p95   max");
            await console.WriteLineAsync(without.Format("without hook-injector"));
            await console.WriteLineAsync(with.Format("with hook-injector"));
            return 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await console.WriteLineAsync($"latency measurement failed: {e.Message}");
            return 1;
        }
    }

    private static async Task<LatencySample> MeasureAsync(ContainerdRuntime runtime, RunningPod pod, string prefix, int count, CancellationToken cancellationToken)
    {
        var cri = runtime.Cri;
        var mark = runtime.Log.Mark();
        cri.CreateContainerLatencies.Clear();
        for (var i = 0; i < count; i++)
        {
            var id = await cri.CreateContainerAsync(pod.PodId, SamplePod.Busybox($"{prefix}-{i}"), pod.Config, cancellationToken);
            await cri.RemoveContainerAsync(id, cancellationToken);
        }

        return new LatencySample([.. cri.CreateContainerLatencies], ContainerdSideLatencies(runtime.Log.ReadSince(mark)));
    }

    /// <summary>Pairs containerd's "CreateContainer within sandbox … for container X" and "… X … returns container id" lines.</summary>
    private static List<TimeSpan> ContainerdSideLatencies(string log)
    {
        var started = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var latencies = new List<TimeSpan>();
        foreach (var line in log.Split('\n'))
        {
            var match = CreateContainerLine().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var time = DateTimeOffset.Parse(match.Groups["time"].Value + "Z", CultureInfo.InvariantCulture);
            var name = match.Groups["name"].Value;
            if (match.Groups["done"].Success && started.Remove(name, out var start))
            {
                latencies.Add(time - start);
            }
            else if (!match.Groups["done"].Success)
            {
                started[name] = time;
            }
        }

        return latencies;
    }

    // containerd logs nanoseconds; .NET parses at most seven fractional digits.
    [GeneratedRegex(@"time=""(?<time>[^"".]+\.\d{1,7})\d*Z"".*CreateContainer within sandbox .*ContainerMetadata\{Name:(?<name>[^,]+),[^}]*\}(?<done> returns container id)?")]
    private static partial Regex CreateContainerLine();

    private sealed record LatencySample(IReadOnlyList<TimeSpan> Client, IReadOnlyList<TimeSpan> Containerd)
    {
        public string Format(string label) => string.Create(
            CultureInfo.InvariantCulture,
            $"{label,-24} {Percentile(Client, 0.5),9:0.0} {Percentile(Client, 0.95),5:0.0} {Percentile(Client, 1),5:0.0} | {Percentile(Containerd, 0.5),14:0.0} {Percentile(Containerd, 0.95),5:0.0} {Percentile(Containerd, 1),5:0.0}");

        private static double Percentile(IReadOnlyList<TimeSpan> values, double rank)
        {
            if (values.Count == 0)
            {
                return double.NaN;
            }

            var sorted = values.Select(v => v.TotalMilliseconds).Order().ToArray();
            return sorted[(int)Math.Ceiling(rank * sorted.Length) - 1];
        }
    }
}
