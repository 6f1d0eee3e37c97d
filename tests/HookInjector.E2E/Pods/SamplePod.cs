using HookInjector.E2E.Cri;
using HookInjector.E2E.Cri.V1;
using HookInjector.E2E.Runtime;

namespace HookInjector.E2E.Pods;

/// <summary>
/// The upstream hook-injector sample pod "hook-demo": a container "shell" and a container
/// "busybox" whose command starts with busybox, on the host network (no CNI needed; a host
/// network pod keeps the node's hostname, so none is set).
/// </summary>
public static class SamplePod
{
    public const string ShellContainer = "shell";
    public const string BusyboxContainer = "busybox";

    public static PodSandboxConfig SandboxConfig(string podLogDirectory, string name = "hook-demo") => new()
    {
        Metadata = new PodSandboxMetadata { Name = name, Namespace = "default", Uid = Guid.NewGuid().ToString(), Attempt = 0 },
        LogDirectory = Path.Combine(podLogDirectory, name),
        Linux = new LinuxPodSandboxConfig
        {
            SecurityContext = new LinuxSandboxSecurityContext
            {
                NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Node },
            },
        },
    };

    public static ContainerConfig Shell() => Container(ShellContainer, ["sh", "-c", "echo I am a shell; sleep 3600"]);

    public static ContainerConfig Busybox(string name = BusyboxContainer) =>
        Container(name, ["busybox", "sh", "-c", "echo busybox; sleep 3600"]);

    public static ContainerConfig Container(string name, IEnumerable<string> command)
    {
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = name },
            Image = new ImageSpec { Image = ContainerdRuntime.ImageName },
            LogPath = $"{name}.log",
        };
        config.Command.AddRange(command);
        return config;
    }

    /// <summary>Creates the sandbox and starts both sample containers.</summary>
    public static async Task<RunningPod> RunAsync(CriClient cri, string podLogDirectory, CancellationToken cancellationToken)
    {
        var pod = await RunningPod.StartSandboxAsync(cri, SandboxConfig(podLogDirectory), cancellationToken);
        await pod.StartContainerAsync(Shell(), cancellationToken);
        await pod.StartContainerAsync(Busybox(), cancellationToken);
        return pod;
    }

    /// <summary>Creates a sandbox named <paramref name="name"/> with <paramref name="labels"/> and starts one sleeping container in it.</summary>
    public static async Task<RunningPod> RunLabelledAsync(
        ContainerdRuntime runtime, string name, string container, Dictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var config = SandboxConfig(runtime.PodLogDirectory, name);
        config.Labels.Add(labels);
        var pod = await RunningPod.StartSandboxAsync(runtime.Cri, config, cancellationToken);
        await pod.StartContainerAsync(Container(container, ["sh", "-c", "sleep 3600"]), cancellationToken);
        return pod;
    }
}
