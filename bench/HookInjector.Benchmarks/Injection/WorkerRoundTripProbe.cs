using System.Diagnostics;
using HookInjector.Benchmarks.Workload;
using HookInjector.Host.Injection;
using HookInjector.Host.Platform;
using HookInjector.Host.Nri.Api;
using static System.FormattableString;

namespace HookInjector.Benchmarks.Injection;

/// <summary>
/// The worker round trip of <see cref="ScriptedCreateContainerAdjustBenchmarks"/> in a minute
/// instead of five: the same two CreateContainer decisions (without scripts, and with the scripts
/// run by a real worker process), called in turn so that other work on a shared machine weighs on
/// both alike, timed one call at a time. Prints each round's medians and their difference, so the
/// spread between rounds shows how much the machine's load moved the figures. Run with
/// <c>-- roundtrip [scripts] [rounds] [calls per round]</c>.
/// </summary>
internal static class WorkerRoundTripProbe
{
    private const int HookFiles = 10;
    private const int YamlRules = 100;

    public static async Task RunAsync(int scripts, int rounds, int calls)
    {
        using var hooks = HooksDirectory.Create(HookFiles);
        using var rules = RulesDirectory.Create(YamlRules);
        using var rulesAndScripts = RulesDirectory.Create(YamlRules);
        RuleScripts.Write(rulesAndScripts.Path, scripts);
        var cache = Directory.CreateTempSubdirectory("hook-injector-bench-cache-");
        await using var rulesOnlyState = await LoadedState.StartAsync(hooks.Path, rules.Path);
        await using var scriptedState = await LoadedState.StartAsync(hooks.Path, rulesAndScripts.Path, cache.FullName);
        var rulesOnly = rulesOnlyState.Adjuster;
        var scripted = scriptedState.Adjuster;
        var pod = KubernetesContainer.Pod();
        var container = KubernetesContainer.Container();
        var request = KubernetesContainer.Request();

        // The first container after the worker loaded the scripts, beside the first without them (which shows what
        // this process, a JIT-compiled stand-in for the daemon, compiles on its first call).
        var started = Stopwatch.GetTimestamp();
        var withoutFirst = await rulesOnly.AdjustAsync(pod, container, request, CancellationToken.None);
        var withoutFirstMilliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        started = Stopwatch.GetTimestamp();
        var withFirst = await scripted.AdjustAsync(pod, container, request, CancellationToken.None);
        Console.WriteLine(Invariant($"first call: {withoutFirstMilliseconds:F1} ms without, {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F1} ms with the scripts"));

        var expected = RuleScripts.Matching(scripts);
        var added = (withFirst?.Hooks.CreateRuntime.Count ?? 0) - (withoutFirst?.Hooks.CreateRuntime.Count ?? 0);
        if (added != expected)
        {
            throw new InvalidOperationException($"the scripts added {added} createRuntime hooks, expected {expected}: is the worker running?");
        }

        // Warm-up: JIT and tiering in both processes.
        for (var i = 0; i < 2_000; i++)
        {
            await rulesOnly.AdjustAsync(pod, container, request, CancellationToken.None);
            await scripted.AdjustAsync(pod, container, request, CancellationToken.None);
        }

        Console.WriteLine(Invariant($"{scripts} scripts, {rounds} rounds of {calls} calls each way"));
        Console.WriteLine("| Round | p50 without | p50 with | p50 difference | p90 without | p90 with |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        var without = new double[calls];
        var with = new double[calls];
        var differences = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            for (var i = 0; i < calls; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await rulesOnly.AdjustAsync(pod, container, request, CancellationToken.None);
                without[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                start = Stopwatch.GetTimestamp();
                await scripted.AdjustAsync(pod, container, request, CancellationToken.None);
                with[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
            Array.Sort(without);
            Array.Sort(with);
            var difference = Percentile(with, 0.5) - Percentile(without, 0.5);
            differences.Add(difference);
            Console.WriteLine(Invariant($"| {round} | {Percentile(without, 0.5):F1} µs | {Percentile(with, 0.5):F1} µs | {difference:F1} µs | {Percentile(without, 0.9):F1} µs | {Percentile(with, 0.9):F1} µs |"));
        }
        differences.Sort();

        // What the load of a shared machine moves little: CPU time and thread wake-ups (voluntary
        // context switches) of both processes per call, the daemon's side in this process.
        var withoutCost = await CostAsync(() => rulesOnly.AdjustAsync(pod, container, request, CancellationToken.None), 5 * calls);
        var withCost = await CostAsync(() => scripted.AdjustAsync(pod, container, request, CancellationToken.None), 5 * calls);
        Console.WriteLine(Invariant($"per call without: {withoutCost}; with: {withCost}"));
        Console.WriteLine(Invariant($"p50 difference: median {differences[differences.Count / 2]:F1} µs, range {differences[0]:F1}–{differences[^1]:F1} µs"));
        cache.Delete(recursive: true);
    }

    private static async Task<Cost> CostAsync(Func<ValueTask<ContainerAdjustment?>> call, int calls)
    {
        var before = Cost.Now();
        for (var i = 0; i < calls; i++)
        {
            await call();
        }
        return (Cost.Now() - before) / calls;
    }

    /// <summary>CPU time and voluntary context switches of this process and of its children (the worker), from procfs.</summary>
    private readonly record struct Cost(double DaemonCpuMicroseconds, double WorkerCpuMicroseconds, double DaemonSwitches, double WorkerSwitches)
    {
        public static Cost Now()
        {
            var self = Environment.ProcessId;
            var (daemonCpu, daemonSwitches) = Of(self);
            double workerCpu = 0, workerSwitches = 0;
            foreach (var pid in ProcessStat.Children(self))
            {
                var (cpu, switches) = Of(pid);
                workerCpu += cpu;
                workerSwitches += switches;
            }
            return new Cost(daemonCpu, workerCpu, daemonSwitches, workerSwitches);
        }

        public static Cost operator -(Cost a, Cost b) => new(a.DaemonCpuMicroseconds - b.DaemonCpuMicroseconds, a.WorkerCpuMicroseconds - b.WorkerCpuMicroseconds, a.DaemonSwitches - b.DaemonSwitches, a.WorkerSwitches - b.WorkerSwitches);

        public static Cost operator /(Cost a, int n) => new(a.DaemonCpuMicroseconds / n, a.WorkerCpuMicroseconds / n, a.DaemonSwitches / n, a.WorkerSwitches / n);

        public override string ToString() => Invariant($"CPU {DaemonCpuMicroseconds:F0} + {WorkerCpuMicroseconds:F0} µs, wake-ups {DaemonSwitches:F1} + {WorkerSwitches:F1} (daemon + worker)");

        private static (double CpuMicroseconds, double Switches) Of(int pid)
        {
            var cpu = ProcessStat.CpuTime(pid) ?? throw new IOException($"process {pid} is gone");
            double switches = 0;
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    var line = File.ReadLines(Path.Combine(task, "status")).FirstOrDefault(line => line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal));
                    switches += line is null ? 0 : long.Parse(line.AsSpan("voluntary_ctxt_switches:".Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                    // A thread that ended meanwhile.
                }
            }
            return (cpu.TotalMicroseconds, switches);
        }
    }

    private static double Percentile(double[] sorted, double fraction) => sorted[(int)Math.Min(sorted.Length - 1, fraction * sorted.Length)];
}
