using HookInjector.Host.Extensions;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Rules.Scripts;
using HookInjector.Host.Rules.Yaml;
using HookInjector.Host.Worker;

namespace HookInjector.Host.Configuration;

/// <summary>
/// The hook sources after hooks.d over one set of directories, in pipeline order: YAML rules (read
/// by the daemon), rule scripts and extensions (loaded by the worker, which is started only when
/// there is a script or an extension to load).
/// </summary>
internal sealed class HookSourceSet(HookSourceDirectories directories, WorkerSupervisor worker)
{
    public HookSourceDirectories Directories => directories;

    public IReadOnlyList<HookSourceDefinition> Definitions { get; } =
    [
        new("rules", directories.Rules, cancellationToken => YamlRuleSource.Load(directories.Rules, refuseUntrusted: directories.Strict, cancellationToken)),
        new("scripts", directories.Rules, cancellationToken => worker.Load(WorkerService.ScriptsSource, directories.Rules, directories.ScriptCache, HasScripts(directories.Rules), cancellationToken)),
        new("extensions", directories.Extensions, cancellationToken => worker.Load(WorkerService.ExtensionsSource, directories.Extensions, "", HasExtensions(directories.Extensions), cancellationToken), Recursive: true),
    ];

    public static bool HasScripts(string directory) => ScriptSource.Files(directory).Any();

    public static bool HasExtensions(string directory) => ExtensionSource.Folders(directory).Any();
}
