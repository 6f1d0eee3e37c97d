using System.CommandLine;
using HookInjector.Host.Configuration;
using HookInjector.Host.Tools.Loading;

namespace HookInjector.Host.Cli;

/// <summary>
/// The settings the validate and explain commands share with the plugin (the same flags,
/// <c>--config</c> file and defaults, from <see cref="SettingsTable"/>), so a command line or a
/// configuration file that works for one works for the other, and the tools' own switch. A
/// directory named on the command line or in the configuration file must exist; a default one may
/// be absent.
/// </summary>
internal sealed class ToolOptions(SettingModes mode)
{
    private readonly SettingsOptions settings = new(mode);

    public Option<bool> IgnoreMissingHookPaths { get; } = new("--ignore-missing-hook-paths")
    {
        Description = "Load hook files whose hook.path does not exist on this machine (checking a node's configuration elsewhere, e.g. in CI); the plugin never skips this check",
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        settings.AddTo(command);
        command.Options.Add(IgnoreMissingHookPaths);
    }

    /// <exception cref="SettingsException">The configuration file cannot be read or is not valid.</exception>
    public ToolSettings Read(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var resolved = SettingsOptions.Resolve(settings.Read(result), out var explicitKeys);
        var given = new HashSet<string>(StringComparer.Ordinal);
        if (explicitKeys.Contains("hooksDirs"))
        {
            given.UnionWith(resolved.HooksDirs);
        }
        if (explicitKeys.Contains("rulesDir"))
        {
            given.Add(resolved.RulesDir);
        }
        if (explicitKeys.Contains("extensionsDir"))
        {
            given.Add(resolved.ExtensionsDir);
        }
        return new ToolSettings
        {
            HooksDirs = resolved.HooksDirs,
            RulesDir = resolved.RulesDir,
            ExtensionsDir = resolved.ExtensionsDir,
            ScriptCacheDir = resolved.ScriptCacheDir,
            WorkerPath = resolved.WorkerPath,
            GivenDirectories = given,
            HostRoot = resolved.HostRoot,
            IgnoreMissingHookPaths = result.GetValue(IgnoreMissingHookPaths),
            BindMounts = resolved.BindMounts,
        };
    }
}
