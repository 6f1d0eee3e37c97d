using Google.Protobuf;
using HookInjector.Host.Nri.Api;

namespace HookInjector.Benchmarks.Workload;

/// <summary>
/// The NRI view of an ordinary Kubernetes container as containerd sends it on CreateContainer: a
/// Deployment's pod with kubelet and CRI annotations, the runtime's default mounts, a projected
/// service-account token (a bind mount the kubelet asked for) and a few environment variables.
/// Its name, labels and annotations are what the generated hook files and rules look for.
/// </summary>
internal static class KubernetesContainer
{
    public const string Command = "/usr/bin/app-5";
    public const string Namespace = "shop";
    public const string Name = "app";
    public const string AppLabel = "web";

    private const string SandboxId = "4c1f6b0e9d2a7f3e8b5c1d0a6e9f2b7c3d8a1e5f0b6c9d2e7a4f1b8c5d0e3a6f";
    private const string PodName = "web-7d9f8b6c5-x2x4q";
    private const string PodUid = "0f4b8e52-6c1d-4a9e-b3f7-2d5c8a1e6b90";

    /// <summary>The CreateContainer request carrying <see cref="Pod"/> and <see cref="Container"/>, encoded as the runtime sends it.</summary>
    public static ByteString Request() => new CreateContainerRequest { Pod = Pod(), Container = Container() }.ToByteString();

    public static PodSandbox Pod() => new()
    {
        Id = SandboxId,
        Name = PodName,
        Uid = PodUid,
        Namespace = Namespace,
        Labels =
        {
            ["app"] = AppLabel,
            ["pod-template-hash"] = "7d9f8b6c5",
            ["tier"] = "gold",
            ["environment"] = "prod",
            ["io.kubernetes.pod.name"] = PodName,
            ["io.kubernetes.pod.namespace"] = Namespace,
            ["io.kubernetes.pod.uid"] = PodUid,
        },
        Annotations =
        {
            ["kubernetes.io/config.seen"] = "2025-01-14T09:12:44.512377861Z",
            ["kubernetes.io/config.source"] = "api",
            ["prometheus.io/scrape"] = "true",
            ["example.com/hook-1"] = "enabled",
        },
    };

    public static Container Container() => new()
    {
        Id = "9b2e7c4a1f6d3b8e5a0c7f2d9e4b1a6c3f8d5e0b7a2c9f4e1d6b3a8c5f0e7d2b",
        PodSandboxId = SandboxId,
        Name = Name,
        Args = { Command, "--port", "8080", "--config", "/etc/app/config.yaml" },
        Env =
        {
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            $"HOSTNAME={PodName}",
            "KUBERNETES_SERVICE_HOST=10.96.0.1",
            "KUBERNETES_SERVICE_PORT=443",
            "APP_ENV=prod",
        },
        Annotations =
        {
            ["io.kubernetes.cri.container-type"] = "container",
            ["io.kubernetes.cri.container-name"] = Name,
            ["io.kubernetes.cri.image-name"] = "registry.example.com/shop/app:1.4.2",
            ["io.kubernetes.cri.sandbox-id"] = SandboxId,
            ["io.kubernetes.cri.sandbox-name"] = PodName,
            ["io.kubernetes.cri.sandbox-namespace"] = Namespace,
            ["io.kubernetes.cri.sandbox-uid"] = PodUid,
            ["io.kubernetes.container.terminationMessagePath"] = "/dev/termination-log",
            ["example.com/team"] = "shop",
            ["example.com/hook-2"] = "disabled",
        },
        Mounts =
        {
            Mount("/proc", "proc", "proc", "nosuid", "noexec", "nodev"),
            Mount("/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k"),
            Mount("/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"),
            Mount("/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev"),
            Mount("/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro"),
            Mount("/sys/fs/cgroup", "cgroup", "cgroup", "nosuid", "noexec", "nodev", "relatime", "ro"),
            Mount("/etc/hosts", "bind", $"/var/lib/kubelet/pods/{PodUid}/etc-hosts", "rbind", "rprivate", "rw"),
            Mount("/dev/termination-log", "bind", $"/var/lib/kubelet/pods/{PodUid}/containers/app/1a2b3c4d", "rbind", "rprivate", "rw"),
            Mount("/etc/hostname", "bind", $"/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/{SandboxId}/hostname", "rbind", "rprivate", "rw"),
            Mount("/etc/resolv.conf", "bind", $"/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/{SandboxId}/resolv.conf", "rbind", "rprivate", "rw"),
            Mount("/dev/shm", "bind", $"/run/containerd/io.containerd.grpc.v1.cri/sandboxes/{SandboxId}/shm", "rbind", "rprivate", "rw"),
            Mount("/var/run/secrets/kubernetes.io/serviceaccount", "bind", $"/var/lib/kubelet/pods/{PodUid}/volumes/kubernetes.io~projected/kube-api-access-8x2kq", "rbind", "rprivate", "ro"),
        },
        Hooks = new Hooks(),
    };

    private static Mount Mount(string destination, string type, string source, params string[] options) =>
        new() { Destination = destination, Type = type, Source = source, Options = { options } };
}
