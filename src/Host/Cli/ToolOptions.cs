using System.CommandLine;
using HookInjector.Host.Configuration;
using HookInjector.Host.Tools.Loading;

namespace HookInjector.Host.Cli;

/// <summary>
/// The source flags the validate and explain commands share with the plugin: the plugin's own
/// option definitions (names, defaults, help), so a command line that works for one works for the
/// other. A directory named on the command line must exist; a default one may be absent.
/// </summary>
internal sealed class ToolOptions
{
    private readonly RunOptions run = new();

    public Option<bool> IgnoreMissingHookPaths { get; } = new("--ignore-missing-hook-paths")
    {
        Description = "Load hook files whose hook.path does not exist on this machine (checking a node's configuration elsewhere, e.g. in CI); the plugin never skips this check",
    };

    public void AddTo(Command command, bool withBindMounts)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(run.HooksDirs);
        command.Options.Add(run.RulesDir);
        command.Options.Add(run.ExtensionsDir);
        command.Options.Add(run.ScriptCacheDir);
        command.Options.Add(run.Worker);
        command.Options.Add(run.HostRoot);
        command.Options.Add(IgnoreMissingHookPaths);
        if (withBindMounts)
        {
            command.Options.Add(run.BindMounts);
        }
    }

    public ToolSettings Read(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var defaults = new PluginSettings();
        var hooksDirs = result.GetValue(run.HooksDirs) is { Length: > 0 } dirs ? dirs : defaults.HooksDirs;
        var rulesDir = result.GetValue(run.RulesDir) ?? defaults.RulesDir;
        var extensionsDir = result.GetValue(run.ExtensionsDir) ?? defaults.ExtensionsDir;
        var given = new HashSet<string>(StringComparer.Ordinal);
        if (result.GetResult(run.HooksDirs) is { Implicit: false })
        {
            given.UnionWith(hooksDirs);
        }
        AddIfGiven(result, run.RulesDir, rulesDir, given);
        AddIfGiven(result, run.ExtensionsDir, extensionsDir, given);
        return new ToolSettings
        {
            HooksDirs = hooksDirs,
            RulesDir = rulesDir,
            ExtensionsDir = extensionsDir,
            ScriptCacheDir = result.GetValue(run.ScriptCacheDir) ?? defaults.ScriptCacheDir,
            WorkerPath = result.GetValue(run.Worker),
            GivenDirectories = given,
            HostRoot = result.GetValue(run.HostRoot),
            IgnoreMissingHookPaths = result.GetValue(IgnoreMissingHookPaths),
            BindMounts = result.GetResult(run.BindMounts) is null ? defaults.BindMounts : result.GetValue(run.BindMounts),
        };
    }

    private static void AddIfGiven(ParseResult result, Option<string> option, string value, HashSet<string> given)
    {
        if (result.GetResult(option) is { Implicit: false })
        {
            given.Add(value);
        }
    }
}
