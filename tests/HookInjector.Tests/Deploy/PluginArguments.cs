using System.CommandLine;
using HookInjector.Host.Cli;
using HookInjector.Host.Configuration;

namespace HookInjector.Tests.Deploy;

/// <summary>Arguments written in a manifest or unit file, read by the plugin's own command line.</summary>
internal sealed class PluginArguments
{
    private readonly ParseResult full;

    private PluginArguments(IReadOnlyList<string> arguments, Func<string, string>? readConfigFile)
    {
        full = CommandLine.Create().Parse(arguments);
        var root = new RootCommand();
        var options = new SettingsOptions(SettingModes.Plugin);
        options.AddTo(root);
        var flags = options.Read(root.Parse(arguments));
        var fileText = flags.ConfigFile is { } path ? (readConfigFile ?? SettingsFile.ReadText)(path) : null;
        Settings = SettingsResolver.Resolve(flags, fileText, dropInText: null);
    }

    /// <summary>What the plugin would run with: its flags' values, defaults filled in.</summary>
    public PluginSettings Settings { get; }

    /// <summary>Every problem the plugin's command line reports (unknown flags, bad values).</summary>
    public IReadOnlyList<string> Errors => [.. full.Errors.Select(error => error.Message)];

    /// <param name="readConfigFile">Reads the file <c>--config</c> names, where it is not at that path here (a ConfigMap's file in the repository).</param>
    public static PluginArguments Parse(IReadOnlyList<string> arguments, Func<string, string>? readConfigFile = null) => new(arguments, readConfigFile);

    /// <summary>A flag's value by name, for flags that not every build of the plugin defines.</summary>
    public T? Value<T>(string flag) => full.GetValue<T>(flag);

    /// <summary>The node paths the plugin reads, watches or writes with these settings.</summary>
    public IReadOnlySet<string> NodePaths() => new SortedSet<string>(StringComparer.Ordinal)
    {
        // The directory: a restarted runtime replaces the socket file, and the plugin reconnects to the new one.
        Path.GetDirectoryName(Settings.SocketPath)!,
        Settings.RulesDir,
        Settings.ExtensionsDir,
        Settings.ScriptCacheDir,
    }.Union(Settings.HooksDirs).ToHashSet(StringComparer.Ordinal);
}
