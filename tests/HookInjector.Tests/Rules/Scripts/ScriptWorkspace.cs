using HookInjector.Host.Rules.Scripts;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.Rules.Scripts;

/// <summary>A throw-away rules directory and script cache.</summary>
internal sealed class ScriptWorkspace : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("hook-injector-scripts-").FullName;

    public ScriptWorkspace()
    {
        Directory.CreateDirectory(RulesDirectory);
    }

    public string RulesDirectory => Path.Combine(root, "rules.d");

    public string CacheDirectory => Path.Combine(root, "cache");

    public ScriptSourceOptions Options => new(RulesDirectory, CacheDirectory);

    public string Write(string fileName, string code)
    {
        var path = Path.Combine(RulesDirectory, fileName);
        File.WriteAllText(path, code);
        return path;
    }

    public void Delete(string fileName) => File.Delete(Path.Combine(RulesDirectory, fileName));

    public ScriptSource NewSource() => new(Options, NullLogger<ScriptSource>.Instance);

    public void Dispose() => Directory.Delete(root, recursive: true);
}
