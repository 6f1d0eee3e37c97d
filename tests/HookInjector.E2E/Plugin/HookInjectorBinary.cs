using HookInjector.E2E.Runtime;

namespace HookInjector.E2E.Plugin;

/// <summary>
/// The hook-injector executables under test: the full build ($HOOK_INJECTOR_BIN, else the published
/// single file) and the compact, Native AOT build ($HOOK_INJECTOR_COMPACT_BIN, else publish.sh --compact's).
/// </summary>
public static class HookInjectorBinary
{
    public const string PublishCommand = "samples/deploy/publish.sh --single-file --output artifacts/publish";

    public const string PublishCompactCommand = "samples/deploy/publish.sh --compact";

    public static string Locate() => Locate("HOOK_INJECTOR_BIN", RepositoryLayout.PublishedPlugin, PublishCommand);

    public static string LocateCompact() => Locate("HOOK_INJECTOR_COMPACT_BIN", RepositoryLayout.PublishedCompactPlugin, PublishCompactCommand);

    private static string Locate(string variable, string defaultPath, string publishCommand)
    {
        var configured = Environment.GetEnvironmentVariable(variable);
        var path = string.IsNullOrEmpty(configured) ? defaultPath : Path.GetFullPath(configured);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"hook-injector binary not found at {path}: publish it with '{publishCommand}' or set {variable}", path);
        }

        return path;
    }
}
