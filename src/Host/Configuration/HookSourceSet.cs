using HookInjector.Host.Extensions;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Rules.Scripts;
using HookInjector.Host.Rules.Yaml;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Configuration;

/// <summary>
/// The hook sources after hooks.d over one set of directories, in pipeline order: YAML rules, rule
/// scripts, extensions. Disposing it unloads the scripts and extensions it loaded.
/// </summary>
internal sealed class HookSourceSet : IDisposable
{
    private readonly ScriptSource scripts;
    private readonly ExtensionSource extensions;

    public HookSourceSet(HookSourceDirectories directories, ILoggerFactory loggerFactory)
    {
        Directories = directories;
        scripts = new ScriptSource(new ScriptSourceOptions(directories.Rules, directories.ScriptCache), loggerFactory.CreateLogger<ScriptSource>());
        extensions = new ExtensionSource(new ExtensionSourceOptions(directories.Extensions), loggerFactory.CreateLogger<ExtensionSource>());
        Definitions =
        [
            new("rules", directories.Rules, _ => YamlRuleSource.Load(directories.Rules, refuseUntrusted: directories.Strict)),
            new("scripts", directories.Rules, scripts.Load),
            new("extensions", directories.Extensions, extensions.Load, Recursive: true),
        ];
    }

    public HookSourceDirectories Directories { get; }

    public IReadOnlyList<HookSourceDefinition> Definitions { get; }

    public void Dispose()
    {
        scripts.Dispose();
        extensions.Dispose();
    }
}
