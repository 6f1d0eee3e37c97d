using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using HookInjector.E2E.Hooks;
using HookInjector.E2E.Plugin;
using HookInjector.E2E.Pods;
using HookInjector.E2E.Rules;
using HookInjector.E2E.Runtime;
using Xunit.Abstractions;

namespace HookInjector.E2E.Tests;

public sealed class PreinstalledPluginTests(ITestOutputHelper output) : E2ETest(output)
{
    [Theory]
    [ClassData(typeof(ContainerdVersions))]
    public async Task Sample_pod_gets_the_sample_hooks_from_the_plugin_containerd_launches(string version)
    {
        var elapsed = Stopwatch.StartNew();
        using var limit = StartTimeLimit();
        var ct = limit.Token;
        var binary = HookInjectorBinary.Locate();
        using var machine = PreinstalledPlugin.KeepMachineAsFound();
        await using var runtime = ContainerdRuntime.Create(version, Report);
        var hooks = PrivateHooksDirectory.CreateIn(runtime.WorkDirectory, PrivateHooksDirectory.AlwaysInject, PrivateHooksDirectory.BusyboxInject);
        var pluginLog = PluginLog.PrepareFor(runtime, hooks);
        PreinstalledPlugin.Install(runtime, binary, hooks.Directory, pluginLog);

        await runtime.StartAsync(ct);
        await PluginRegistration.WaitAsync(runtime.Log, since: 0, ct);

        var pod = await SamplePod.RunAsync(runtime.Cri, runtime.PodLogDirectory, ct);
        await SamplePodHookExpectations.StopAndVerifyAsync(pod, hooks.HookLog, ct);
        await pod.RemoveAsync(ct);
        Assert.True(File.Exists(pluginLog), $"the plugin did not write the log file named in its configuration ({pluginLog})");
        RecordTiming(nameof(Sample_pod_gets_the_sample_hooks_from_the_plugin_containerd_launches), runtime, elapsed, "pre-installed plugin");
    }

    /// <summary>
    /// containerd gives Configure 2 s and drops a plugin that answers later, for good. An extension that takes 8 s to
    /// load (scripts compiled with a cold cache can take as long) must not cost the node its hook injection: the
    /// plugin answers in time, and its scripts and extensions join once loaded.
    /// </summary>
    [Theory]
    [ClassData(typeof(ContainerdVersions))]
    public async Task A_plugin_whose_extensions_load_for_longer_than_Configure_may_take_is_registered_and_they_join_later(string version)
    {
        var elapsed = Stopwatch.StartNew();
        using var limit = StartTimeLimit();
        var ct = limit.Token;
        var binary = HookInjectorBinary.Locate();
        using var machine = PreinstalledPlugin.KeepMachineAsFound();
        await using var runtime = ContainerdRuntime.Create(version, Report);
        var hooks = PrivateHooksDirectory.CreateIn(runtime.WorkDirectory, PrivateHooksDirectory.AlwaysInject);
        var sources = PrivateRuleSources.CreateIn(runtime.WorkDirectory, hooks.HookLog);
        sources.InstallExtension("SlowExtension");
        var pluginLog = PluginLog.PrepareFor(runtime, hooks);
        var worker = Path.Combine(Path.GetDirectoryName(binary)!, "worker", "hook-injector");
        PreinstalledPlugin.Install(runtime, binary, hooks.Directory, pluginLog, string.Create(CultureInfo.InvariantCulture,
            $"rulesDir: {sources.RulesDirectory}\nscriptCacheDir: {sources.ScriptCacheDirectory}\nextensionsDir: {sources.ExtensionsDirectory}\nworkerPath: {worker}\n"));

        await runtime.StartAsync(ct);
        await PluginRegistration.WaitAsync(runtime.Log, since: 0, ct);
        var joined = await PluginLog.Of(runtime).WaitForLineAsync(
            new Regex(@"The scripts and extensions loaded in \d+ ms and joined the state in force"), since: 0, TimeSpan.FromSeconds(90), "the scripts and extensions joined", ct);

        // Loaded in the end: the script's hook comes with the hooks.d and YAML rule hooks.
        var pod = await SamplePod.RunLabelledAsync(runtime, "joined", "traced", new() { [PrivateRuleSources.TraceLabel] = "true" }, ct);
        var id = pod.ContainerIds["traced"];
        await hooks.HookLog.WaitUntilAsync(
            r => r.Any(x => x.ContainerId == id && x.IsAlwaysInjectedHook)
                && r.Any(x => x.ContainerId == id && x.Arguments == PrivateRuleSources.YamlRuleArgument)
                && r.Any(x => x.ContainerId == id && x.Arguments == PrivateRuleSources.ScriptArgument),
            TimeSpan.FromSeconds(20),
            "the hooks.d, YAML rule and script hooks",
            ct);
        await pod.StopContainersAsync(ct);
        await pod.RemoveAsync(ct);
        RecordTiming(nameof(A_plugin_whose_extensions_load_for_longer_than_Configure_may_take_is_registered_and_they_join_later), runtime, elapsed, joined.Trim());
    }
}

