using System.CommandLine;
using HookInjector.Host.Configuration;

namespace HookInjector.Host.Cli;

/// <summary>
/// The flags of one mode (the plugin, validate, explain), made from <see cref="SettingsTable"/>, and
/// <c>--config FILE</c>, which every mode takes: a configuration file with the keys of the
/// runtime's drop-in configuration, below the flags given explicitly.
/// </summary>
internal sealed class SettingsOptions
{
    private readonly List<(Setting Setting, Option Option)> options;

    public SettingsOptions(SettingModes mode)
    {
        options = [.. SettingsTable.Of(mode).Select(setting => (setting, setting.CreateOption()))];
    }

    public Option<string?> ConfigFile { get; } = new("--config")
    {
        Description = "Read settings from this YAML file (the keys of the runtime's drop-in configuration); flags given on the command line override it",
        HelpName = "FILE",
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(ConfigFile);
        foreach (var (_, option) in options)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>What the command line set: the configuration file and the flags given.</summary>
    public CommandLineSettings Read(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var given = options.Select(entry => entry.Setting.FromCommandLine(result, entry.Option)).OfType<SettingAssignment>();
        return new CommandLineSettings(result.GetValue(ConfigFile), [.. given]);
    }

    /// <summary>The settings in force at start: the command line over its configuration file, if any, over the defaults.</summary>
    /// <exception cref="SettingsException">The configuration file cannot be read or is not valid.</exception>
    public static PluginSettings Resolve(CommandLineSettings flags, out IReadOnlySet<string> explicitKeys)
    {
        ArgumentNullException.ThrowIfNull(flags);
        var text = flags.ConfigFile is { } path ? SettingsFile.ReadText(path) : null;
        return SettingsResolver.Resolve(flags, text, dropInText: null, out explicitKeys);
    }
}
