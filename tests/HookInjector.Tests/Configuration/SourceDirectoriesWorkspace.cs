using HookInjector.Host.Configuration;
using HookInjector.Tests.Extensions;

namespace HookInjector.Tests.Configuration;

/// <summary>
/// Two complete sets of source directories, "a" and "b", each with a YAML rule and a script named
/// after it; only "b" has an extension (<c>Tracer/Trace</c>), so a move to it shows in every source.
/// </summary>
internal sealed class SourceDirectoriesWorkspace : IDisposable
{
    public const string Script = """AddHook(HookStage.Poststart, "/bin/scripted");""";

    private readonly string root = Directory.CreateTempSubdirectory("hook-injector-source-dirs-").FullName;
    private readonly ExtensionWorkspace extensionsA = new();
    private readonly ExtensionWorkspace extensionsB = new();

    public SourceDirectoriesWorkspace()
    {
        foreach (var set in new[] { "a", "b" })
        {
            Directory.CreateDirectory(RulesDir(set));
            File.WriteAllText(Path.Combine(RulesDir(set), $"{set}.yaml"), $"- name: {set}\n  hooks: [{{stage: createRuntime, path: /bin/{set}}}]\n");
            File.WriteAllText(Path.Combine(RulesDir(set), $"{set}.csx"), Script);
        }
        extensionsB.Build("Tracer", ExtensionWorkspace.Matcher("TraceMatcher", "Trace", "/bin/trace"));
    }

    public string RulesDir(string set) => Path.Combine(root, set, "rules.d");

    public string CacheDir(string set) => Path.Combine(root, set, "cache");

    public string ExtensionsDir(string set) => set == "a" ? extensionsA.ExtensionsDirectory : extensionsB.ExtensionsDirectory;

    public PluginSettings Settings(string set, PluginSettings? basis = null) => (basis ?? new PluginSettings()) with
    {
        RulesDir = RulesDir(set),
        ScriptCacheDir = CacheDir(set),
        ExtensionsDir = ExtensionsDir(set),
        DisableWatch = true,
    };

    public void Dispose()
    {
        extensionsA.Dispose();
        extensionsB.Dispose();
        Directory.Delete(root, recursive: true);
    }
}
