using System.Collections.Immutable;
using HookInjector.Abstractions;
using HookInjector.Host.Yaml;

namespace HookInjector.Host.Tools.Manifests;

/// <summary>
/// The mounts a container ends up with, as the plugin sees them in the OCI spec: the runtime's own
/// (/proc, /dev, /etc/hosts, ...), the kubelet's (termination log, service-account token) and one
/// bind mount per <c>volumeMounts</c> entry, whose source names the volume it comes from.
/// </summary>
internal static class ContainerMounts
{
    public const string KubeletSource = "kubelet";
    public const string RuntimeSource = "runtime";
    public const string DefaultTerminationMessagePath = "/dev/termination-log";
    public const string ServiceAccountTokenPath = "/var/run/secrets/kubernetes.io/serviceaccount";

    private static readonly ImmutableArray<MountInfo> RuntimeMounts =
    [
        Mount("/proc", "proc", "proc"),
        Mount("/dev", "tmpfs", "tmpfs"),
        Mount("/dev/pts", "devpts", "devpts"),
        Mount("/dev/mqueue", "mqueue", "mqueue"),
        Mount("/sys", "sysfs", "sysfs"),
        Mount("/sys/fs/cgroup", "cgroup", "cgroup"),
        Mount("/etc/hostname", "bind", RuntimeSource, "rbind"),
        Mount("/etc/hosts", "bind", RuntimeSource, "rbind"),
        Mount("/etc/resolv.conf", "bind", RuntimeSource, "rbind"),
        Mount("/dev/shm", "bind", RuntimeSource, "rbind"),
    ];

    /// <param name="reader">Receives the mistakes in <c>volumeMounts</c>; a mount with one is left out.</param>
    public static ImmutableArray<MountInfo> Of(Fields container, IReadOnlyDictionary<string, string> volumeSources, bool mountServiceAccountToken, NodeReader reader)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(volumeSources);
        var mounts = ImmutableArray.CreateBuilder<MountInfo>();
        mounts.AddRange(RuntimeMounts);
        var requested = VolumeMounts(container, volumeSources, reader);
        mounts.AddRange(requested);

        var terminationLog = container.String("terminationMessagePath") ?? DefaultTerminationMessagePath;
        AddKubeletMount(mounts, requested, terminationLog, "termination log", readOnly: false);
        if (mountServiceAccountToken)
        {
            AddKubeletMount(mounts, requested, ServiceAccountTokenPath, "service account token", readOnly: true);
        }
        return mounts.ToImmutable();
    }

    private static List<MountInfo> VolumeMounts(Fields container, IReadOnlyDictionary<string, string> volumeSources, NodeReader reader)
    {
        var list = new List<MountInfo>();
        var entries = container.Sequence("volumeMounts")?.Items ?? [];
        for (var index = 0; index < entries.Length; index++)
        {
            if (reader.OpenFields(entries[index], FieldPath.Item(container.PathOf("volumeMounts"), index)) is not { } entry)
            {
                continue;
            }
            var name = entry.RequiredString("name");
            var mountPath = entry.RequiredString("mountPath");
            var readOnly = entry.Boolean("readOnly") == true;
            if (name is null || mountPath is null)
            {
                continue;
            }
            var source = volumeSources.GetValueOrDefault(name) ?? $"volume {name} (not declared in spec.volumes)";
            list.Add(readOnly ? Mount(mountPath, "bind", source, "rbind", "ro") : Mount(mountPath, "bind", source, "rbind"));
        }
        return list;
    }

    private static void AddKubeletMount(ImmutableArray<MountInfo>.Builder mounts, List<MountInfo> requested, string destination, string what, bool readOnly)
    {
        if (destination.Length == 0 || requested.Exists(mount => mount.Destination == destination))
        {
            return;
        }
        var source = $"{KubeletSource}: {what}";
        mounts.Add(readOnly ? Mount(destination, "bind", source, "rbind", "ro") : Mount(destination, "bind", source, "rbind"));
    }

    private static MountInfo Mount(string destination, string type, string source, params string[] options) =>
        new() { Destination = destination, Type = type, Source = source, Options = options };
}
