using HookInjector.E2E.Runtime;

namespace HookInjector.E2E.Plugin;

/// <summary>The hook-injector executable under test: $HOOK_INJECTOR_BIN, else the published single file.</summary>
public static class HookInjectorBinary
{
    public const string PublishCommand =
        "dotnet publish src/Host -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true -o artifacts/publish";

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
