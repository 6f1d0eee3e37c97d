using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace HookInjector.Tests.Deploy;

/// <summary>The plugin container of the base DaemonSet and the volumes its mounts refer to.</summary>
internal sealed partial class DaemonSetManifest
{
    /// <summary>The node address the kubelet gives status.hostIP in these tests (a documentation address, never contacted).</summary>
    public const string SampleNodeAddress = "192.0.2.10";

    public DaemonSetManifest(YamlMappingNode daemonSet)
    {
        Assert.Equal("apps/v1", daemonSet.String("apiVersion"));
        Assert.Equal("DaemonSet", daemonSet.String("kind"));
        Name = daemonSet.Map("metadata").String("name");
        Template = daemonSet.Map("spec").Map("template");
        PodSpec = Template.Map("spec");
        Container = Assert.Single(PodSpec.Maps("containers"));
        Volumes = PodSpec.Maps("volumes").ToDictionary(volume => volume.String("name"), StringComparer.Ordinal);
        Mounts = Container.Maps("volumeMounts");
    }

    public static string BasePath { get; } = Path.Combine(DeployFiles.KubernetesDirectory, "base", "daemonset.yaml");

    public string Name { get; }

    public YamlMappingNode Template { get; }

    public YamlMappingNode PodSpec { get; }

    public YamlMappingNode Container { get; }

    public IReadOnlyDictionary<string, YamlMappingNode> Volumes { get; }

    public IReadOnlyList<YamlMappingNode> Mounts { get; }

    /// <summary>The container's arguments as the kubelet passes them: <c>$(VAR)</c> replaced by the container's env.</summary>
    public IReadOnlyList<string> Arguments =>
        [.. Container.Strings("args").Select(argument => VariableReference().Replace(argument, match => Environment[match.Groups[1].Value]))];

    /// <summary>The container's env, status.hostIP standing for <see cref="SampleNodeAddress"/>.</summary>
    public IReadOnlyDictionary<string, string> Environment =>
        Container.MapsOrEmpty("env").ToDictionary(
            variable => variable.String("name"),
            variable => variable.Has("valueFrom")
                ? Assert.IsType<string>(variable.Map("valueFrom").Map("fieldRef").String("fieldPath") == "status.hostIP" ? SampleNodeAddress : null)
                : variable.String("value"),
            StringComparer.Ordinal);

    public static DaemonSetManifest LoadBase() => new(DeployFiles.LoadYaml(BasePath));

    /// <summary>The mount of the volume with that name (there must be exactly one).</summary>
    public YamlMappingNode MountOf(string volume) => Assert.Single(Mounts, mount => mount.String("name") == volume);

    /// <summary>Mounts of node directories: (path in the container, path on the node, read-only).</summary>
    public IEnumerable<(string MountPath, string HostPath, bool ReadOnly)> HostPathMounts() =>
        from mount in Mounts
        let volume = Volumes[mount.String("name")]
        where volume.Has("hostPath")
        select (mount.String("mountPath"), volume.Map("hostPath").String("path"), mount.StringOrNull("readOnly") == "true");

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex VariableReference();
}
