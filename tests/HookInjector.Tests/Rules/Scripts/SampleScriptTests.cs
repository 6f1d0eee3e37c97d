using HookInjector.Abstractions;
using HookInjector.Host.Injection.Sources;

namespace HookInjector.Tests.Rules.Scripts;

/// <summary>Compiles and runs the scripts shipped in samples/rules.d.</summary>
public sealed class SampleScriptTests : IDisposable
{
    private static readonly string SamplesDirectory = Path.Combine(AppContext.BaseDirectory, "samples", "rules.d");

    private readonly ScriptWorkspace workspace = new();
    private readonly Dictionary<string, MatcherEntry> matchers;

    public SampleScriptTests()
    {
        foreach (var sample in Directory.GetFiles(SamplesDirectory, "*.csx"))
        {
            File.Copy(sample, Path.Combine(workspace.RulesDirectory, Path.GetFileName(sample)));
        }
        using var source = workspace.NewSource();
        var snapshot = source.Load(CancellationToken.None);
        Assert.Empty(snapshot.Problems);
        matchers = snapshot.Matchers.ToDictionary(m => m.Origin.Name);
    }

    public void Dispose() => workspace.Dispose();

    [Fact]
    public void Every_sample_compiles()
    {
        var samples = Directory.GetFiles(SamplesDirectory, "*.csx").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(samples, matchers.Keys.Order(StringComparer.Ordinal));
        Assert.NotEmpty(matchers);
    }

    [Fact]
    public void Trace_label_adds_the_trace_hook_to_labelled_pods_only()
    {
        var labelled = Containers.Create(container: "api", pod: "shop-1", podNamespace: "prod",
            labels: new Dictionary<string, string> { ["hook-injector.test/trace"] = "true" });
        var disabled = Containers.Create(labels: new Dictionary<string, string> { ["hook-injector.test/trace"] = "false" });

        Assert.Equal(
            [(HookStage.CreateRuntime, new OciHook("/usr/local/bin/trace-hook",
                ["/usr/local/bin/trace-hook", "--pod", "prod/shop-1", "--container", "api"], [], null))],
            Run("10-trace-label.csx", labelled));
        Assert.Empty(Run("10-trace-label.csx", disabled));
        Assert.Empty(Run("10-trace-label.csx", Containers.Create()));
    }

    [Fact]
    public void Ml_profiler_attaches_to_trainers_in_ml_namespaces()
    {
        var trainer = Containers.Create(container: "trainer", pod: "job-7", podNamespace: "ml-vision");

        Assert.Equal(
            [(HookStage.Poststart, new OciHook("/opt/profiler/bin/attach", ["attach", "--mode=sampling"],
                ["PROFILER_TARGET=ml-vision/job-7/trainer"], 10))],
            Run("20-ml-profiler.csx", trainer));
        Assert.Empty(Run("20-ml-profiler.csx", Containers.Create(container: "trainer", podNamespace: "web")));
        Assert.Empty(Run("20-ml-profiler.csx", Containers.Create(container: "sidecar", podNamespace: "ml-vision")));
    }

    [Fact]
    public void Device_mounts_passes_every_nvidia_device_bind_mount()
    {
        var gpu = Containers.Create(mounts:
        [
            new MountInfo { Destination = "/dev/nvidia0", Type = "bind", Source = "/dev/nvidia0" },
            new MountInfo { Destination = "/proc", Type = "proc", Source = "proc" },
            new MountInfo { Destination = "/dev/nvidia1", Type = "bind", Source = "/dev/nvidia1" },
            new MountInfo { Destination = "/dev/nvidiactl", Type = "bind", Source = "/dev/nvidiactl" },
        ]);

        Assert.Equal(
            [(HookStage.CreateContainer, new OciHook("/usr/bin/nvidia-container-runtime-hook",
                ["/usr/bin/nvidia-container-runtime-hook", "prestart", "/dev/nvidia0", "/dev/nvidia1"], [], null))],
            Run("30-device-mounts.csx", gpu));
        Assert.Empty(Run("30-device-mounts.csx", Containers.Create()));
    }

    private List<(HookStage Stage, OciHook Hook)> Run(string script, ContainerContext context)
    {
        var recorder = new HookRecorder();
        matchers[script].Matcher.AddHooks(context, recorder, CancellationToken.None);
        return recorder.Added;
    }
}
