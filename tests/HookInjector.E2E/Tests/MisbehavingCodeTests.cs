using System.Diagnostics;
using System.Text.RegularExpressions;
using HookInjector.E2E.Hooks;
using HookInjector.E2E.Plugin;
using HookInjector.E2E.Pods;
using HookInjector.E2E.Rules;
using HookInjector.E2E.Runtime;
using Xunit.Abstractions;

namespace HookInjector.E2E.Tests;

/// <summary>
/// A rule script or an extension that ends, wedges or floods the process running it, beside the
/// YAML rule, a good script and the PodInfoEnv extension: it takes down only the worker. The plugin
/// stays registered, every labelled pod gets its hooks.d and YAML rule hooks, the worker is
/// restarted, and once the bad one is quarantined the good script and the extension work again.
/// </summary>
public sealed class MisbehavingCodeTests(ITestOutputHelper output) : E2ETest(output)
{
    // Orders before 20-trace.csx, so it runs first in each container's worker request.
    private const string BadScript = "15-bad.csx";
    private const string ExitingExtension = "ExitingExtension";
    private static readonly TimeSpan HookTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan QuarantineTimeout = TimeSpan.FromSeconds(150);

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var version in new[] { "1.7", "2" })
        {
            cases.Add(version, "exit");
            cases.Add(version, "stack-overflow");
            cases.Add(version, "fail-fast-thread");
            cases.Add(version, "thread-pool-flood");
            cases.Add(version, "hoard-memory");
            cases.Add(version, "exiting-extension");
        }
        return cases;
    }

    private static string? ScriptFor(string misbehaviour) => misbehaviour switch
    {
        "exit" => "System.Environment.Exit(0);",
        "stack-overflow" => "static int Down(int n) => Down(n + 1) + 1; Down(0);",
        "fail-fast-thread" => """new System.Threading.Thread(() => { System.Threading.Thread.Sleep(100); System.Environment.FailFast("on purpose"); }).Start();""",
        "thread-pool-flood" => "for (var i = 0; i < 64; i++) { System.Threading.Tasks.Task.Run(() => { while (true) { } }); }",
        "hoard-memory" => "var hoard = new System.Collections.Generic.List<byte[]>(); while (true) { hoard.Add(new byte[1 << 20]); }",
        _ => null,
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Misbehaving_code_takes_down_only_the_worker_and_pods_keep_their_hooks(string version, string misbehaviour)
    {
        var elapsed = Stopwatch.StartNew();
        using var limit = StartTimeLimit();
        var ct = limit.Token;
        await using var runtime = await ContainerdRuntime.StartAsync(version, Report, ct);
        var hooks = PrivateHooksDirectory.CreateIn(runtime.WorkDirectory, PrivateHooksDirectory.AlwaysInject);
        var sources = PrivateRuleSources.CreateIn(runtime.WorkDirectory, hooks.HookLog);
        if (ScriptFor(misbehaviour) is { } script)
        {
            File.WriteAllText(Path.Combine(sources.RulesDirectory, BadScript), script + "\n");
        }
        else
        {
            sources.InstallExtension(ExitingExtension);
        }
        await using var plugin = await ExternalPlugin.StartRegisteredAsync(runtime, hooks, ct, sources.PluginArguments);
        var log = PluginLog.Of(runtime);
        var quarantined = new Regex(misbehaviour == "exiting-extension"
            ? Regex.Escape($"Quarantined an extension ({sources.ExtensionsDirectory}/{ExitingExtension})")
            : Regex.Escape($"Quarantined script:{BadScript}"));

        // Pods keep coming, as on a node, until the bad one is quarantined; each gets hooks.d and the YAML rule.
        // Memory hoarding may instead end in an OutOfMemoryException of the call alone, within the heap
        // limit, after which a pod gets the good script's hook from the same worker.
        var deadline = Stopwatch.StartNew();
        var number = 0;
        var hoarding = misbehaviour == "hoard-memory";
        var outOfMemory = new Regex(Regex.Escape($"script:{BadScript} failed and is skipped for this container: OutOfMemoryException"));
        while (!quarantined.IsMatch(log.ReadSince(0)))
        {
            Assert.True(deadline.Elapsed < QuarantineTimeout, $"{misbehaviour}: not quarantined after {number} pods:\n{log.ReadSince(0)}");
            Assert.False(plugin.HasExited, "hook-injector exited");
            var mark = log.Mark();
            var gotScriptHooks = await RunPodAsync(runtime, hooks, $"pod-{++number}", ct);
            if (hoarding && gotScriptHooks && outOfMemory.IsMatch(log.ReadSince(mark)))
            {
                break;
            }
        }

        // The good script's and the extension's hooks are back (at once, or once a restarting worker is up).
        while (!await RunPodAsync(runtime, hooks, $"pod-{++number}", ct))
        {
            Assert.True(deadline.Elapsed < QuarantineTimeout, $"{misbehaviour}: the good script's hook never came back after {number} pods:\n{log.ReadSince(0)}");
        }
        Assert.False(plugin.HasExited, "hook-injector exited while serving the runtime");
        if (quarantined.IsMatch(log.ReadSince(0)))
        {
            Assert.True(Regex.Count(log.ReadSince(0), "Started worker") >= 2, $"the worker was never restarted:\n{log.ReadSince(0)}");
        }
        RecordTiming(nameof(Misbehaving_code_takes_down_only_the_worker_and_pods_keep_their_hooks), runtime, elapsed, $"{misbehaviour}, {number} pods");
    }

    /// <summary>
    /// Runs a labelled pod and checks its container got the always-inject and YAML rule hooks; returns
    /// whether it also got the good script's hook, in which case the extension must have told every
    /// hook its pod.
    /// </summary>
    private static async Task<bool> RunPodAsync(ContainerdRuntime runtime, PrivateHooksDirectory hooks, string name, CancellationToken ct)
    {
        var pod = await SamplePod.RunLabelledAsync(runtime, name, "traced", new() { [PrivateRuleSources.TraceLabel] = "true" }, ct);
        var id = pod.ContainerIds["traced"];
        var records = await hooks.HookLog.WaitUntilAsync(
            // The script's hook runs at createRuntime, before the YAML rule's at createContainer.
            r => r.Any(x => x.ContainerId == id && x.IsAlwaysInjectedHook) && r.Any(x => x.ContainerId == id && x.Arguments == PrivateRuleSources.YamlRuleArgument),
            HookTimeout,
            $"{name}: the hooks.d and YAML rule hooks",
            ct);
        var fromWorker = records.Any(x => x.ContainerId == id && x.Arguments == PrivateRuleSources.ScriptArgument);
        if (fromWorker)
        {
            Assert.All(records.Where(r => r.ContainerId == id), r => Assert.Equal(name, r.Environment.GetValueOrDefault("HOOK_POD_NAME")));
        }
        await pod.StopContainersAsync(ct);
        await pod.RemoveAsync(ct);
        return fromWorker;
    }
}
