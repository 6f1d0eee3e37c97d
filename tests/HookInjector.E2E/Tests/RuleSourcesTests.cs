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
    private static readonly TimeSpan HookTimeout = TimeSpan.FromSeconds(20);

    [Theory]
    [ClassData(typeof(ContainerdVersions))]
    public Task Labelled_pod_gets_the_hooks_of_the_yaml_rule_the_script_and_the_extension_and_an_unlabelled_pod_none(string version) =>
        RunLabelledAndPlainPodsAsync(version, nameof(Labelled_pod_gets_the_hooks_of_the_yaml_rule_the_script_and_the_extension_and_an_unlabelled_pod_none), "rules, script, extension");

    /// <summary>
    /// Starts the plugin with the private YAML rule, script and extension, creates a labelled and an
    /// unlabelled pod, and checks each container's hooks.
    /// </summary>
    private async Task RunLabelledAndPlainPodsAsync(string version, string test, string timingNote)
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

        var traced = await SamplePod.RunLabelledAsync(runtime, TracedPod, "traced", new()
        {
            [PrivateRuleSources.TraceLabel] = "true",
            [DeviceClassHookProgram.DeviceClassLabel] = deviceClassHook.DeviceClass,
        }, ct);
        var plain = await SamplePod.RunLabelledAsync(runtime, PlainPod, "plain", [], ct);
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

        await traced.StopContainersAsync(ct);
        await plain.StopContainersAsync(ct);
        await traced.RemoveAsync(ct);
        await plain.RemoveAsync(ct);
        Assert.False(plugin.HasExited, "hook-injector exited while serving the runtime");
        RecordTiming(test, runtime, elapsed, timingNote);
    }

    private static void AssertPodIdentity(DemoHookRecord record, string pod)
    {
        Assert.Equal(pod, record.Environment.GetValueOrDefault("HOOK_POD_NAME"));
        Assert.Equal(PodNamespace, record.Environment.GetValueOrDefault("HOOK_POD_NAMESPACE"));
    }
}
