using System.Diagnostics;
using HookInjector.Benchmarks.Workload;
using HookInjector.Host.Configuration;
using HookInjector.Host.State;
using Microsoft.Extensions.Logging.Abstractions;
using static System.FormattableString;

namespace HookInjector.Benchmarks.Loading;

/// <summary>
/// How long a new hooks.d file takes to reach the state containers are decided with: the plugin's
/// own StateManager, watching a hooks.d of the given size with its default reload timing; each round
/// writes one more hook file and waits until the published state holds it. Not a BenchmarkDotNet
/// benchmark: it measures file-system events and a debounce, which BenchmarkDotNet cannot repeat.
/// </summary>
internal static class ReloadLatencyProbe
{
    public static async Task RunAsync(int hookFiles, int rounds)
    {
        using var hooks = HooksDirectory.Create(hookFiles);
        var empty = Path.Join(Path.GetTempPath(), "hook-injector-bench-none");
        var settings = new PluginSettings { HooksDirs = [hooks.Path], RulesDir = empty, ExtensionsDir = empty };
        await using var manager = new StateManager(settings, worker: null, TimeProvider.System, NullLoggerFactory.Instance);
        await manager.StartAsync(CancellationToken.None);
        await Task.Delay(500);
        var template = File.ReadAllText(Directory.GetFiles(hooks.Path, "*.json")[0]);

        var elapsed = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var count = manager.Current.Hooks.Hooks.Count;
            var started = Stopwatch.GetTimestamp();
            File.WriteAllText(Path.Join(hooks.Path, $"zz-new-{round}.json"), template);
            while (manager.Current.Hooks.Hooks.Count == count)
            {
                await Task.Delay(1);
            }
            elapsed.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            await Task.Delay(200);
        }
        elapsed.Sort();
        Console.WriteLine(Invariant($"hooks.d of {hookFiles} files, {rounds} new files: from write to published state p50 {elapsed[elapsed.Count / 2]:F1} ms, max {elapsed[^1]:F1} ms"));
    }
}
