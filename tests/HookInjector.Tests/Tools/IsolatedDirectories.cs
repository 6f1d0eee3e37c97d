namespace HookInjector.Tests.Tools;

/// <summary>Empty stand-ins for the hook source directories, and a private script cache, removed afterwards.</summary>
public sealed class IsolatedDirectories : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("hook-injector-tools-").FullName;

    public string For(string flag)
    {
        var directory = Path.Join(root, flag.TrimStart('-'));
        Directory.CreateDirectory(directory);
        return directory;
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
