using YamlDotNet.RepresentationModel;

namespace HookInjector.Tests.Deploy;

/// <summary>The plugin container of the base DaemonSet and the volumes its mounts refer to.</summary>
internal sealed class DaemonSetManifest
{
    public DaemonSetManifest(YamlMappingNode daemonSet)
    {
        Assert.Equal("apps/v1", daemonSet.String("apiVersion"));
        Assert.Equal("DaemonSet", daemonSet.String("kind"));
        Name = daemonSet.Map("metadata").String("name");
        PodSpec = daemonSet.Map("spec").Map("template").Map("spec");
        Container = Assert.Single(PodSpec.Maps("containers"));
        Volumes = PodSpec.Maps("volumes").ToDictionary(volume => volume.String("name"), StringComparer.Ordinal);
        Mounts = Container.Maps("volumeMounts");
    }

    public static string BasePath { get; } = Path.Combine(DeployFiles.KubernetesDirectory, "base", "daemonset.yaml");

    public string Name { get; }

    public YamlMappingNode PodSpec { get; }

    public YamlMappingNode Container { get; }

    public IReadOnlyDictionary<string, YamlMappingNode> Volumes { get; }

    public IReadOnlyList<YamlMappingNode> Mounts { get; }

    public IReadOnlyList<string> Arguments => Container.Strings("args");

    public static DaemonSetManifest LoadBase() => new(DeployFiles.LoadYaml(BasePath));

    /// <summary>The mount of the volume with that name (there must be exactly one).</summary>
    public YamlMappingNode MountOf(string volume) => Assert.Single(Mounts, mount => mount.String("name") == volume);

    /// <summary>Mounts of node directories: (path in the container, path on the node, read-only).</summary>
    public IEnumerable<(string MountPath, string HostPath, bool ReadOnly)> HostPathMounts() =>
        from mount in Mounts
        let volume = Volumes[mount.String("name")]
        where volume.Has("hostPath")
        select (mount.String("mountPath"), volume.Map("hostPath").String("path"), mount.StringOrNull("readOnly") == "true");
}
