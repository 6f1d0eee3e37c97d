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
/// The compact, Native AOT build (<c>samples/deploy/publish.sh --compact</c>) on a real runtime: it
/// injects hooks.d and YAML rule hooks, and skips rule scripts and extensions by name instead.
/// </summary>
public sealed class CompactBuildTests(ITestOutputHelper output) : E2ETest(output)
{
    private const string TracedPod = "compact-traced-pod";
    private static readonly TimeSpan HookTimeout = TimeSpan.FromSeconds(20);

    [Theory]
    [ClassData(typeof(ContainerdVersions))]
    public async Task Compact_build_injects_hooksd_and_yaml_rule_hooks_and_reports_the_script_and_extension_it_cannot_run(string version)
    {
        var elapsed = Stopwatch.StartNew();
        using var limit = StartTimeLimit();
        var ct = limit.Token;
        await using var runtime = await ContainerdRuntime.StartAsync(version, Report, ct);
        var hooks = PrivateHooksDirectory.CreateIn(runtime.WorkDirectory, PrivateHooksDirectory.AlwaysInject);
        var sources = PrivateRuleSources.CreateIn(runtime.WorkDirectory, hooks.HookLog);
        await using var plugin = await ExternalPlugin.StartRegisteredAsync(HookInjectorBinary.LocateCompact(), runtime, hooks, ct, sources.PluginArguments);

        var log = PluginLog.Of(runtime);
        await log.WaitForLineAsync(
            new Regex(Regex.Escape($"{PrivateRuleSources.ScriptFile}: rule scripts need the full build of hook-injector")), 0, HookTimeout, "the skipped script", ct);
        await log.WaitForLineAsync(
            new Regex(Regex.Escape($"{PrivateRuleSources.SampleExtension}: extensions need the full build of hook-injector")), 0, HookTimeout, "the skipped extension", ct);

        var pod = await SamplePod.RunLabelledAsync(runtime, TracedPod, "traced", new() { [PrivateRuleSources.TraceLabel] = "true" }, ct);
        var containerId = pod.ContainerIds["traced"];

        // Every hook of these stages has run once the container started; wait only for the log to show them.
        var records = await hooks.HookLog.WaitUntilAsync(
            r => r.Count(x => x.ContainerId == containerId) >= 2, HookTimeout, "the hooks.d and YAML rule hooks of the labelled pod's container", ct);
        var containerHooks = records.Where(r => r.ContainerId == containerId).ToList();
        var described = DemoHookLog.Describe(records);
        Assert.True(containerHooks.All(r => r.RanBeforeStart), $"a hook ran in an unexpected state: {described}");
        Assert.Single(containerHooks, r => r.IsAlwaysInjectedHook);
        Assert.Equal([PrivateRuleSources.YamlRuleArgument], containerHooks.Where(r => !r.IsAlwaysInjectedHook).Select(r => r.Arguments));
        // No extension ran: PodInfoEnv's mutator would have told the hooks their pod.
        Assert.All(containerHooks, r => Assert.False(r.Environment.ContainsKey("HOOK_POD_NAME"), $"an extension changed the plan: {described}"));

        await pod.StopContainersAsync(ct);
        await pod.RemoveAsync(ct);
        Assert.False(plugin.HasExited, "the compact hook-injector exited while serving the runtime");
        RecordTiming(nameof(Compact_build_injects_hooksd_and_yaml_rule_hooks_and_reports_the_script_and_extension_it_cannot_run), runtime, elapsed, "compact build");
    }
}
