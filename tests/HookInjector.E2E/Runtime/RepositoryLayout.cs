namespace HookInjector.E2E.Runtime;

/// <summary>Where the repository's scripts, samples and published plugin live.</summary>
public static class RepositoryLayout
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string E2EScripts => Path.Combine(Root, "tests", "e2e");

    public static string SampleHooks => Path.Combine(Root, "samples", "hooks.d");

    public static string DemoHookScript => Path.Combine(Root, "samples", "demo-hook.sh");

    public static string PublishedPlugin => Path.Combine(Root, "artifacts", "publish", "hook-injector");

    public static string ResultsDirectory => Path.Combine(Root, "artifacts", "e2e");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HookInjector.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"HookInjector.sln not found above {AppContext.BaseDirectory}: run the tests from the repository");
    }
}
