using System.Diagnostics;
using HookInjector.E2E.Hooks;
using HookInjector.E2E.Plugin;
using HookInjector.E2E.Pods;
using HookInjector.E2E.Rules;
using HookInjector.E2E.Runtime;
using Xunit.Abstractions;

namespace HookInjector.E2E.Tests;

/// <summary>Hooks chosen by pod labels: a YAML rule, a C# rule script and an extension assembly, next to hooks.d.</summary>
public sealed class RuleSourcesTests(ITestOutputHelper output) : E2ETest(output)
{
    private const string TracedPod = "traced-pod";
    private const string PlainPod = "plain-pod";
    private const string PodNamespace = "default";
    private const string RunawayScript = "15-runaway.csx";
    private static readonly TimeSpan HookTimeout = TimeSpan.FromSeconds(20);

    [Theory]
    [ClassData(typeof(ContainerdVersions))]
    public async Task Labelled_pod_gets_the_hooks_of_the_yaml_rule_the_script_and_the_extension_and_an_unlabelled_pod_none(string version)
    {
        var elapsed = Stopwatch.StartNew();
        using var limit = StartTimeLimit();
        var ct = limit.Token;
        await using var runtime = await ContainerdRuntime.StartAsync(version, Report, ct);
        // always-inject reaches every container: it shows the unlabelled pod's container went through the plugin.
        var hooks = PrivateHooksDirectory.CreateIn(runtime.WorkDirectory, PrivateHooksDirectory.AlwaysInject);
        var sources = PrivateRuleSources.CreateIn(runtime.WorkDirectory, hooks.HookLog);
        using var deviceClassHook = DeviceClassHookProgram.Install(hooks.HookLog);
        await using var plugin = await ExternalPlugin.StartRegisteredAsync(runtime, hooks, ct, sources.PluginArguments);

        var (traced, plain) = await StartTracedAndPlainPodsAsync(runtime, deviceClassHook, ct);

        await AssertLabelledAndPlainPodHooksAsync(hooks, traced, plain, ct);
        await StopAndRemoveAsync(ct, traced, plain);
        Assert.False(plugin.HasExited, "hook-injector exited while serving the runtime");
        RecordTiming(nameof(Labelled_pod_gets_the_hooks_of_the_yaml_rule_the_script_and_the_extension_and_an_unlabelled_pod_none), runtime, elapsed, "rules, script, extension");
    }

    [Theory]
    [ClassData(typeof(ContainerdVersions))]
    public async Task A_script_that_never_returns_is_abandoned_and_pods_still_get_every_other_hook(string version)
    {
        var elapsed = Stopwatch.StartNew();
        using var limit = StartTimeLimit();
        var ct = limit.Token;
        await using var runtime = await ContainerdRuntime.StartAsync(version, Report, ct);
        var hooks = PrivateHooksDirectory.CreateIn(runtime.WorkDirectory, PrivateHooksDirectory.AlwaysInject);
        var sources = PrivateRuleSources.CreateIn(runtime.WorkDirectory, hooks.HookLog);
        // Runs before 20-trace.csx and the extension, and never checks its token.
        File.WriteAllText(Path.Combine(sources.RulesDirectory, RunawayScript), "while (true) { }\n");
        using var deviceClassHook = DeviceClassHookProgram.Install(hooks.HookLog);
        await using var plugin = await ExternalPlugin.StartRegisteredAsync(runtime, hooks, ct, sources.PluginArguments);

        var (traced, plain) = await StartTracedAndPlainPodsAsync(runtime, deviceClassHook, ct);

        await AssertLabelledAndPlainPodHooksAsync(hooks, traced, plain, ct);
        var overran = await PluginLog.WaitForLineAsync(runtime, $"script:{RunawayScript} overran its", HookTimeout, ct);
        Assert.Contains($"{TracedPod}/traced", overran, StringComparison.Ordinal);

        await StopAndRemoveAsync(ct, traced, plain);
        Assert.False(plugin.HasExited, "hook-injector exited while serving the runtime");
        RecordTiming(nameof(A_script_that_never_returns_is_abandoned_and_pods_still_get_every_other_hook), runtime, elapsed, "runaway script");
    }

    /// <summary>
    /// The labelled pod's container got the YAML rule's, the script's and the extension's hooks and
    /// the always-inject one, each told its pod; the unlabelled pod's container only always-inject.
    /// </summary>
    private static async Task AssertLabelledAndPlainPodHooksAsync(PrivateHooksDirectory hooks, RunningPod traced, RunningPod plain, CancellationToken ct)
    {
        var tracedId = traced.ContainerIds["traced"];
        var plainId = plain.ContainerIds["plain"];
        var records = await hooks.HookLog.WaitUntilAsync(
            r => r.Count(x => x.ContainerId == tracedId && x.RanBeforeStart) >= 4 && r.Any(x => x.ContainerId == plainId && x.RanBeforeStart),
            HookTimeout,
            "four hooks before start for the labelled pod's container and one for the unlabelled pod's",
            ct);
        var described = DemoHookLog.Describe(records);

        var tracedHooks = records.Where(r => r.ContainerId == tracedId).ToList();
        Assert.True(tracedHooks.All(r => r.RanBeforeStart), $"labelled pod: a hook ran in an unexpected state: {described}");
        // Compared as sets: runc runs createRuntime hooks before createContainer hooks, whatever the plan's order.
        Assert.Equal(
            new[] { PrivateRuleSources.YamlRuleArgument, PrivateRuleSources.ScriptArgument, DeviceClassHookProgram.HookArgument }.Order(StringComparer.Ordinal),
            tracedHooks.Where(r => !r.IsAlwaysInjectedHook).Select(r => r.Arguments).Order(StringComparer.Ordinal));
        Assert.Single(tracedHooks, r => r.IsAlwaysInjectedHook);
        // PodInfoEnv's mutator tells every planned hook, whatever added it, which pod it runs for.
        Assert.All(tracedHooks, r => AssertPodIdentity(r, TracedPod));

        var plainHook = Assert.Single(records, r => r.ContainerId == plainId);
        Assert.True(plainHook.IsAlwaysInjectedHook && plainHook.RanBeforeStart, $"unlabelled pod must get only the always-inject hook: {described}");
        AssertPodIdentity(plainHook, PlainPod);
    }

    private static async Task<(RunningPod Traced, RunningPod Plain)> StartTracedAndPlainPodsAsync(ContainerdRuntime runtime, DeviceClassHookProgram deviceClassHook, CancellationToken ct)
    {
        var traced = await StartPodAsync(runtime, TracedPod, "traced", new()
        {
            [PrivateRuleSources.TraceLabel] = "true",
            [DeviceClassHookProgram.DeviceClassLabel] = deviceClassHook.DeviceClass,
        }, ct);
        var plain = await StartPodAsync(runtime, PlainPod, "plain", [], ct);
        return (traced, plain);
    }

    private static async Task StopAndRemoveAsync(CancellationToken ct, params RunningPod[] pods)
    {
        foreach (var pod in pods)
        {
            await pod.StopContainersAsync(ct);
        }
        foreach (var pod in pods)
        {
            await pod.RemoveAsync(ct);
        }
    }

    private static async Task<RunningPod> StartPodAsync(ContainerdRuntime runtime, string name, string container, Dictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var config = SamplePod.SandboxConfig(runtime.PodLogDirectory, name);
        config.Labels.Add(labels);
        var pod = await RunningPod.StartSandboxAsync(runtime.Cri, config, cancellationToken);
        await pod.StartContainerAsync(SamplePod.Container(container, ["sh", "-c", "sleep 3600"]), cancellationToken);
        return pod;
    }

    private static void AssertPodIdentity(DemoHookRecord record, string pod)
    {
        Assert.Equal(pod, record.Environment.GetValueOrDefault("HOOK_POD_NAME"));
        Assert.Equal(PodNamespace, record.Environment.GetValueOrDefault("HOOK_POD_NAMESPACE"));
    }
}
