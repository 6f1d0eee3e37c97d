namespace HookInjector.Tests.Tools;

/// <summary>The checkout the tests run from: where samples/, docs/ and the tools' testdata live.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Of(string relative) => System.IO.Path.Join(Path, relative);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "HookInjector.sln")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException("the repository root (HookInjector.sln) is not above the test binaries");
    }
}
