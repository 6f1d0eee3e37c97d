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
    private static readonly DaemonSetManifest DaemonSet = DaemonSetManifest.LoadBase();
    private static readonly string ConfigMapFile = Path.Combine(DeployFiles.KubernetesDirectory, "base", "config.yaml");
    private static readonly PluginArguments Arguments = PluginArguments.Parse(DaemonSet.Arguments, path => path == "/etc/hook-injector/config/config.yaml"
        ? File.ReadAllText(ConfigMapFile)
        : throw new FileNotFoundException($"the DaemonSet's --config names {path}, which is not where the ConfigMap is mounted"));
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
        var hostRoot = Arguments.Value<string>("--host-root");
        var mounted = DaemonSet.HostPathMounts().Where(mount => !mount.MountPath.StartsWith(hostRoot + "/", StringComparison.Ordinal)).ToList();

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
    public void Hook_program_directories_are_mounted_read_only_under_host_root_and_the_node_root_is_not_mounted()
    {
        var hostRoot = Arguments.Value<string>("--host-root");
        var programs = DaemonSet.HostPathMounts().Where(mount => mount.MountPath.StartsWith(hostRoot + "/", StringComparison.Ordinal)).ToList();

        Assert.Equal("/host", hostRoot);
        Assert.DoesNotContain(DaemonSet.HostPathMounts(), mount => mount.HostPath == "/" || mount.MountPath == hostRoot);
        // samples/hooks.d's demo hook lives in /usr/local/sbin: the sample hooks pass the check.
        Assert.Contains(programs, mount => mount.HostPath == "/usr/local/sbin");
        Assert.All(programs, mount =>
        {
            Assert.Equal(hostRoot + mount.HostPath, mount.MountPath);
            Assert.True(mount.ReadOnly, $"{mount.MountPath} must be read-only");
        });
    }

    [Fact]
    public void Settings_come_from_the_ConfigMap_mounted_where_the_config_flag_points()
    {
        var path = Assert.IsType<string>(Arguments.Value<string>("--config"));
        var mount = DaemonSet.MountOf("config");

        Assert.Equal(Path.GetDirectoryName(path), mount.String("mountPath"));
        Assert.Equal("hook-injector-config", DaemonSet.Volumes["config"].Map("configMap").String("name"));
        Assert.Equal("config.yaml", Path.GetFileName(path));
        Assert.NotEmpty(SettingsFile.Read(File.ReadAllText(ConfigMapFile), ConfigMapFile));
    }

    [Fact]
    public void Image_is_pinned_to_a_version_and_used_as_the_node_has_it()
    {
        Assert.Equal("IfNotPresent", DaemonSet.Container.String("imagePullPolicy"));
        // The base names the image "hook-injector"; its kustomization sets name and tag (KustomizationTests).
        Assert.Equal("hook-injector", DaemonSet.Container.String("image"));
    }

    [Fact]
    public void Probes_ask_the_metrics_port_for_readiness_and_health()
    {
        var readiness = DaemonSet.Container.Map("readinessProbe").Map("httpGet");
        var liveness = DaemonSet.Container.Map("livenessProbe").Map("httpGet");

        Assert.Equal(("/readyz", "metrics"), (readiness.String("path"), readiness.String("port")));
        Assert.Equal(("/healthz", "metrics"), (liveness.String("path"), liveness.String("port")));
    }

    [Fact]
    public void Metrics_listen_on_the_node_address_of_the_host_network_pod()
    {
        var address = Arguments.Value<MetricsAddress?>("--metrics-address");

        Assert.Equal("true", DaemonSet.PodSpec.String("hostNetwork"));
        Assert.NotNull(address);
        Assert.Equal(DaemonSetManifest.SampleNodeAddress, address.EndPoint.Address.ToString());
        var annotations = DaemonSet.Template.Map("metadata").Map("annotations");
        Assert.Equal("true", annotations.String("prometheus.io/scrape"));
        Assert.Equal(address.EndPoint.Port.ToString(CultureInfo.InvariantCulture), annotations.String("prometheus.io/port"));
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
