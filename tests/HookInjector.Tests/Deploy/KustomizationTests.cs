using YamlDotNet.RepresentationModel;

namespace HookInjector.Tests.Deploy;

/// <summary>Every kustomization under samples/deploy/kubernetes refers only to files that exist and parse.</summary>
public class KustomizationTests
{
    public static TheoryData<string> Kustomizations() => [.. KustomizationPaths()];

    [Fact]
    public void There_is_a_base_and_the_rules_configmap_overlay()
    {
        Assert.Equal(
            [Path.Combine("base", "kustomization.yaml"), Path.Combine("overlays", "rules-configmap", "kustomization.yaml")],
            KustomizationPaths());
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Resources_are_manifests_or_kustomizations_that_exist(string kustomization)
    {
        var (directory, document) = Load(kustomization);

        Assert.Equal("Kustomization", document.String("kind"));
        Assert.NotEmpty(document.Strings("resources"));
        foreach (var resource in document.Strings("resources"))
        {
            var path = Path.GetFullPath(Path.Combine(directory, resource));
            if (Directory.Exists(path))
            {
                Assert.True(File.Exists(Path.Combine(path, "kustomization.yaml")), $"{resource} has no kustomization.yaml");
            }
            else
            {
                Assert.All(DeployFiles.LoadYamlDocuments(path), AssertKubernetesObject);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Patches_and_generated_files_exist_and_patches_are_objects(string kustomization)
    {
        var (directory, document) = Load(kustomization);

        foreach (var patch in document.MapsOrEmpty("patches"))
        {
            AssertKubernetesObject(DeployFiles.LoadYaml(Path.Combine(directory, patch.String("path"))));
        }
        foreach (var file in document.MapsOrEmpty("configMapGenerator").SelectMany(generator => generator.Strings("files")))
        {
            Assert.True(File.Exists(Path.Combine(directory, file)), $"{file} is missing");
        }
    }

    private static List<string> KustomizationPaths() =>
        [.. Directory.GetFiles(DeployFiles.KubernetesDirectory, "kustomization.yaml", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(DeployFiles.KubernetesDirectory, path))
            .Order(StringComparer.Ordinal)];

    private static (string Directory, YamlMappingNode Document) Load(string kustomization)
    {
        var path = Path.Combine(DeployFiles.KubernetesDirectory, kustomization);
        return (Path.GetDirectoryName(path)!, DeployFiles.LoadYaml(path));
    }

    private static void AssertKubernetesObject(YamlMappingNode manifest)
    {
        Assert.NotEmpty(manifest.String("apiVersion"));
        Assert.NotEmpty(manifest.String("kind"));
        Assert.NotEmpty(manifest.Map("metadata").String("name"));
    }
}
