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

    /// <summary>
    /// A few lines the compiler works on for a long time: each lambda is bound for every overload of the call it is
    /// passed to, the lambdas nested in it again each time. Measured on a 2-core machine: 8 s at
    /// <paramref name="depth"/> 9, half as long again for each level more. The compiler looks at its cancellation
    /// token only between such bindings, so it may go on for most of that time after being cancelled.
    /// </summary>
    public static string CompilerBomb(int depth)
    {
        var call = "0";
        for (var level = 0; level < depth; level++)
        {
            call = $"F(x{level} => {call})";
        }
        return $"""
            static int F(Func<int, int> f) => 0;
            static int F(Func<string, int> f) => 0;
            static int F(Func<long, int> f) => 0;
            var unused = {call};
            """;
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
