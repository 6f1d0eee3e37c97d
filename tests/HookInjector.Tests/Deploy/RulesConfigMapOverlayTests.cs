using HookInjector.Host.Configuration;
using HookInjector.Host.Rules.Yaml;
using YamlDotNet.RepresentationModel;

namespace HookInjector.Tests.Deploy;

/// <summary>The rules-configmap overlay puts valid rules where the plugin reads them.</summary>
public sealed class RulesConfigMapOverlayTests : IDisposable
{
    private static readonly string OverlayDirectory = Path.Combine(DeployFiles.KubernetesDirectory, "overlays", "rules-configmap");
    private static readonly YamlMappingNode Kustomization = DeployFiles.LoadYaml(Path.Combine(OverlayDirectory, "kustomization.yaml"));

    private readonly string mountedRules = Directory.CreateTempSubdirectory("hook-injector-configmap-").FullName;

    public void Dispose() => Directory.Delete(mountedRules, recursive: true);

    [Fact]
    public void Patch_replaces_the_rules_volume_of_the_base_DaemonSet_with_the_generated_ConfigMap()
    {
        var patch = DeployFiles.LoadYaml(Path.Combine(OverlayDirectory, Assert.Single(Kustomization.Maps("patches")).String("path")));
        var baseDaemonSet = DaemonSetManifest.LoadBase();
        var generated = Assert.Single(Kustomization.Maps("configMapGenerator")).String("name");

        Assert.Equal("DaemonSet", patch.String("kind"));
        Assert.Equal(baseDaemonSet.Name, patch.Map("metadata").String("name"));
        var volume = Assert.Single(patch.Map("spec").Map("template").Map("spec").Maps("volumes"));
        Assert.Equal(generated, volume.Map("configMap").String("name"));
        // A null hostPath removes the base's node directory from the merged volume.
        Assert.Equal("null", volume.StringOrNull("hostPath"));
        Assert.Equal(new PluginSettings().RulesDir, baseDaemonSet.MountOf(volume.String("name")).String("mountPath"));
    }

    [Fact]
    public void Generated_rule_files_load_without_problems()
    {
        // Laid out as the kubelet mounts a ConfigMap: the files live in a hidden timestamped
        // directory, "..data" links to it, and each key is a link through "..data".
        var files = Assert.Single(Kustomization.Maps("configMapGenerator")).Strings("files");
        var data = Directory.CreateDirectory(Path.Combine(mountedRules, "..2026_01_01_00_00_00.000000001"));
        foreach (var file in files)
        {
            File.Copy(Path.Combine(OverlayDirectory, file), Path.Combine(data.FullName, Path.GetFileName(file)));
        }
        File.CreateSymbolicLink(Path.Combine(mountedRules, "..data"), data.Name);
        foreach (var file in files)
        {
            File.CreateSymbolicLink(Path.Combine(mountedRules, Path.GetFileName(file)), Path.Combine("..data", Path.GetFileName(file)));
        }

        var snapshot = YamlRuleSource.Load(mountedRules, CancellationToken.None);

        Assert.Empty(snapshot.Problems);
        Assert.Equal(["gpu-pods", "ml-trainer-profiler"], snapshot.Matchers.Select(entry => entry.Matcher.Name).Order(StringComparer.Ordinal));
    }
}
