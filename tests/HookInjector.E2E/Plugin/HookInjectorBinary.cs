using HookInjector.E2E.Runtime;

namespace HookInjector.E2E.Plugin;

/// <summary>
/// The hook-injector under test: the Native AOT daemon with its worker beside it, as publish.sh lays
/// them out ($HOOK_INJECTOR_BIN, else the one published into artifacts/publish).
/// </summary>
public static class HookInjectorBinary
{
    public const string PublishCommand = "samples/deploy/publish.sh --output artifacts/publish";

    public static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable("HOOK_INJECTOR_BIN");
        var path = string.IsNullOrEmpty(configured) ? RepositoryLayout.PublishedPlugin : Path.GetFullPath(configured);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"hook-injector binary not found at {path}: publish it with '{PublishCommand}' or set HOOK_INJECTOR_BIN", path);
        }

        return path;
    }
}
