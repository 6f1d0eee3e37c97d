using HookInjector.Abstractions;
using HookInjector.Host.Rules.Yaml;
using HookInjector.Host.Rules.Yaml.Matching;

namespace HookInjector.Tests.Rules.Yaml;

/// <summary>The documented samples in samples/rules.d load cleanly and select what their comments say.</summary>
public class SampleRulesTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, CompiledRule>> Rules = new(LoadSamples);

    [Fact]
    public void Every_sample_file_loads_without_problems()
    {
        var snapshot = YamlRuleSource.Load(SamplesDirectory(), CancellationToken.None);

        Assert.Empty(snapshot.Problems);
        Assert.Equal(
            ["gpu-pods", "trace-labelled-pods", "batch-tiers-audit", "ml-trainer-profiler", "kata-guest-setup", "default-runtime-seccomp-notify", "traced-by-annotation", "log-collector-start", "log-collector-monitoring", "log-collector-debug"],
            snapshot.Matchers.Select(entry => entry.Matcher.Name));
    }

    [Fact]
    public void No_sample_selects_a_plain_unlabelled_pod()
    {
        var plain = Contexts.Create();

        Assert.Empty(Rules.Value.Values.Where(rule => rule.Matches(plain)).Select(rule => rule.Name));
    }

    [Theory]
    [InlineData("gpu-pods", "gpu=true", true)]
    [InlineData("gpu-pods", "gpu=false", false)]
    [InlineData("trace-labelled-pods", "hook-injector.test/trace=true", true)]
    [InlineData("trace-labelled-pods", "hook-injector.test/trace=false", false)]
    [InlineData("batch-tiers-audit", "app.kubernetes.io/component=batch,tier=gold,example.com/audit=", true)]
    [InlineData("batch-tiers-audit", "app.kubernetes.io/component=batch,tier=gold,environment=prod,example.com/audit=yes", true)]
    [InlineData("batch-tiers-audit", "app.kubernetes.io/component=batch,tier=gold,environment=dev,example.com/audit=yes", false)]
    [InlineData("batch-tiers-audit", "app.kubernetes.io/component=batch,tier=bronze,example.com/audit=yes", false)]
    [InlineData("batch-tiers-audit", "app.kubernetes.io/component=batch,tier=gold", false)]
    [InlineData("batch-tiers-audit", "app.kubernetes.io/component=batch,tier=gold,example.com/audit=,example.com/audit-opt-out=", false)]
    public void Label_samples_select_by_pod_labels(string rule, string labels, bool expected) =>
        Assert.Equal(expected, Rules.Value[rule].Matches(Contexts.Create(labels: Contexts.Map(labels))));

    [Theory]
    [InlineData("ml-trainer-profiler", "ml", "trainer", "", true)]
    [InlineData("ml-trainer-profiler", "ml-vision", "trainer-2", "", true)]
    [InlineData("ml-trainer-profiler", "ml-vision", "trainer-10", "", false)]
    [InlineData("ml-trainer-profiler", "default", "trainer", "", false)]
    [InlineData("kata-guest-setup", "default", "app", "kata", true)]
    [InlineData("kata-guest-setup", "default", "app", "kata-qemu", true)]
    [InlineData("kata-guest-setup", "default", "app", "", false)]
    [InlineData("default-runtime-seccomp-notify", "secure", "app", "", true)]
    [InlineData("default-runtime-seccomp-notify", "secure", "app", "kata", false)]
    [InlineData("log-collector-start", "logging", "app", "", true)]
    [InlineData("log-collector-monitoring", "monitoring", "app", "", true)]
    [InlineData("log-collector-monitoring", "logging", "app", "", false)]
    [InlineData("log-collector-debug", "logging", "debug-1", "", true)]
    [InlineData("log-collector-debug", "logging", "app", "", false)]
    public void Name_samples_select_by_namespace_container_and_runtime_handler(string rule, string @namespace, string container, string handler, bool expected) =>
        Assert.Equal(expected, Rules.Value[rule].Matches(Contexts.Create(@namespace, container, handler)));

    [Theory]
    [InlineData("example.com/trace=enabled,example.com/trace-level=3", "", true)]
    [InlineData("example.com/trace=enabled", "example.com/trace-level=", true)]
    [InlineData("example.com/trace=disabled", "example.com/trace=enabled,example.com/trace-level=3", false)]
    [InlineData("example.com/trace=enabled", "", false)]
    public void Annotation_sample_selects_by_pod_then_container_annotations(string pod, string container, bool expected)
    {
        var context = Contexts.Create(podAnnotations: Contexts.Map(pod), containerAnnotations: Contexts.Map(container));

        Assert.Equal(expected, Rules.Value["traced-by-annotation"].Matches(context));
    }

    [Fact]
    public void Aliased_hooks_are_shared_and_prestart_runs_as_createRuntime()
    {
        var start = Rules.Value["log-collector-start"].Hooks;

        Assert.Equal(start.AsEnumerable(), Rules.Value["log-collector-monitoring"].Hooks.AsEnumerable());
        Assert.Collection(
            start,
            hook => Assert.Equal(new RuleHook(HookStage.CreateRuntime, new OciHook("/usr/local/bin/log-collector", ["log-collector", "register"], [], null)), hook),
            hook => Assert.Equal(new RuleHook(HookStage.Poststop, new OciHook("/usr/local/bin/log-collector", ["log-collector", "unregister"], [], null)), hook));
    }

    [Fact]
    public void Hook_fields_of_the_profiler_sample_are_read_in_full()
    {
        var hook = Assert.Single(Rules.Value["ml-trainer-profiler"].Hooks);

        Assert.Equal(HookStage.StartContainer, hook.Stage);
        Assert.Equal(
            new OciHook("/opt/profiler/bin/attach", ["attach", "--output", "/var/log/profiler"], ["PROFILER_MODE=sampling", "PROFILER_HZ=99"], 3),
            hook.Hook);
    }

    private static Dictionary<string, CompiledRule> LoadSamples() =>
        YamlRuleSource.Load(SamplesDirectory(), CancellationToken.None).Matchers.Select(entry => (CompiledRule)entry.Matcher).ToDictionary(rule => rule.Name);

    private static string SamplesDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HookInjector.sln")))
            {
                return Path.Combine(directory.FullName, "samples", "rules.d");
            }
        }
        throw new DirectoryNotFoundException("the repository root (HookInjector.sln) is not above the test binaries");
    }
}
