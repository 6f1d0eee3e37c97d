using System.Globalization;
using HookInjector.Host.Metrics.Endpoint;
using HookInjector.Host.Configuration;
using HookInjector.Host.OciHooks;

namespace HookInjector.Tests.Deploy;

/// <summary>
/// The base DaemonSet runs the plugin with arguments its command line accepts and mounts exactly
/// the node paths the plugin uses.
/// </summary>
public class DaemonSetTests
{
    private const string NodeRootVolume = "host-root";

    private static readonly DaemonSetManifest DaemonSet = DaemonSetManifest.LoadBase();
    private static readonly PluginArguments Arguments = PluginArguments.Parse(DaemonSet.Arguments);
    private static readonly PluginSettings Defaults = new();

    [Fact]
    public void Container_arguments_parse_with_the_plugin_command_line()
    {
        Assert.Empty(Arguments.Errors);
        Assert.Equal("10", Arguments.Settings.Index);
    }

    [Fact]
    public void Node_paths_the_plugin_uses_by_default_are_mounted_at_the_same_path_and_nothing_else()
    {
        string[] defaults =
        [
            Path.GetDirectoryName(Defaults.SocketPath)!,
            OciHooksOptions.DefaultDirectory,
            OciHooksOptions.OverrideDirectory,
            Defaults.RulesDir,
            Defaults.ExtensionsDir,
            Defaults.ScriptCacheDir,
        ];
        var mounted = DaemonSet.HostPathMounts().Where(mount => mount.HostPath != "/").ToList();

        Assert.Equal(defaults.Order(StringComparer.Ordinal), Arguments.NodePaths().Order(StringComparer.Ordinal));
        Assert.Equal(defaults.Order(StringComparer.Ordinal), mounted.Select(mount => mount.MountPath).Order(StringComparer.Ordinal));
        Assert.All(mounted, mount => Assert.Equal(mount.HostPath, mount.MountPath));
    }

    [Fact]
    public void Only_the_socket_directory_and_the_script_cache_are_mounted_writable()
    {
        var writable = DaemonSet.HostPathMounts().Where(mount => !mount.ReadOnly).Select(mount => mount.MountPath);

        Assert.Equal(
            new[] { Path.GetDirectoryName(Defaults.SocketPath)!, Defaults.ScriptCacheDir }.Order(StringComparer.Ordinal),
            writable.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Node_root_is_mounted_read_only_where_host_root_points()
    {
        var hostRoot = Arguments.Value<string>("--host-root");
        var mount = DaemonSet.MountOf(NodeRootVolume);

        Assert.Equal("/", DaemonSet.Volumes[NodeRootVolume].Map("hostPath").String("path"));
        Assert.Equal(hostRoot, mount.String("mountPath"));
        Assert.Equal("true", mount.String("readOnly"));
    }

    [Fact]
    public void Metrics_port_is_the_port_of_the_metrics_address()
    {
        var address = Arguments.Value<MetricsAddress?>("--metrics-address");
        var port = Assert.Single(DaemonSet.Container.Maps("ports"), p => p.String("name") == "metrics");

        Assert.NotNull(address);
        Assert.Equal(address.EndPoint.Port.ToString(CultureInfo.InvariantCulture), port.String("containerPort"));
    }

    [Fact]
    public void Every_volume_is_mounted_once_and_every_mount_names_a_volume()
    {
        Assert.Equal(
            DaemonSet.Volumes.Keys.Order(StringComparer.Ordinal),
            DaemonSet.Mounts.Select(mount => mount.String("name")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Plugin_runs_without_capabilities_or_privilege_escalation_on_a_read_only_root()
    {
        var security = DaemonSet.Container.Map("securityContext");

        Assert.Equal(["ALL"], security.Map("capabilities").Strings("drop"));
        Assert.False(security.Map("capabilities").Has("add"));
        Assert.Equal("false", security.String("allowPrivilegeEscalation"));
        Assert.Equal("true", security.String("readOnlyRootFilesystem"));
        Assert.Null(security.StringOrNull("privileged"));
    }

    [Fact]
    public void Plugin_is_node_critical_and_tolerates_every_taint()
    {
        Assert.Equal("system-node-critical", DaemonSet.PodSpec.String("priorityClassName"));
        var toleration = Assert.Single(DaemonSet.PodSpec.Maps("tolerations"));
        Assert.Equal("Exists", toleration.String("operator"));
        Assert.False(toleration.Has("key"));
    }
}
