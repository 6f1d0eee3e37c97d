using YamlDotNet.RepresentationModel;

namespace HookInjector.Tests.Deploy;

/// <summary>Finds and reads the files under samples/deploy of this repository.</summary>
internal static class DeployFiles
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Directory { get; } = Path.Combine(RepositoryRoot, "samples", "deploy");

    public static string KubernetesDirectory { get; } = Path.Combine(Directory, "kubernetes");

    public static string PathOf(params string[] parts) => Path.Combine([Directory, .. parts]);

    public static IReadOnlyList<YamlMappingNode> LoadYamlDocuments(string path)
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(path))
        {
            stream.Load(reader);
        }
        return [.. stream.Documents.Select(document => Assert.IsType<YamlMappingNode>(document.RootNode))];
    }

    public static YamlMappingNode LoadYaml(string path) => Assert.Single(LoadYamlDocuments(path));

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HookInjector.sln")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException("the repository root (HookInjector.sln) is not above the test binaries");
    }
}
