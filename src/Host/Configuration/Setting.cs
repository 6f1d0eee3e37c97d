using System.CommandLine;
using HookInjector.Host.Yaml;

namespace HookInjector.Host.Configuration;

/// <summary>
/// One setting of the plugin, declared once in <see cref="SettingsTable"/>: its command-line flags,
/// its key in a configuration file, its value's syntax, default and help. The command lines, the
/// configuration reader and the documentation are all made from these declarations.
/// </summary>
internal abstract class Setting
{
    /// <summary>The setting's name, and its key in a configuration file unless <see cref="InFile"/> is false.</summary>
    public required string Key { get; init; }

    /// <summary>The first is the one help shows first; the others are older (Go) spellings still accepted.</summary>
    public required IReadOnlyList<string> Flags { get; init; }

    public required string Help { get; init; }

    public required SettingModes Modes { get; init; }

    /// <summary>
    /// False for the settings fixed when the plugin connects (its name, index and socket, how it
    /// reacts to a disconnection): a runtime's configuration arrives after that and cannot change them.
    /// </summary>
    public bool InFile { get; init; } = true;

    /// <summary>The default as documented, where the value itself cannot say it (a default found at run time).</summary>
    public string? DefaultText { get; init; }

    /// <summary>The value's placeholder in help and documentation; empty for a switch.</summary>
    public abstract string HelpName { get; }

    /// <summary>The default as written in a configuration file, or a sentence when it is found at run time.</summary>
    public abstract string Default { get; }

    /// <summary>A new option for a command's parser (an option belongs to one command).</summary>
    public abstract Option CreateOption();

    /// <summary>The value the command line gave explicitly, as an assignment; null when the flag was not given.</summary>
    public abstract SettingAssignment? FromCommandLine(ParseResult result, Option option);

    /// <summary>The value of this setting's key in a configuration file; null (with the mistakes reported to <paramref name="reader"/>) when it is not valid.</summary>
    public abstract SettingAssignment? FromYaml(YamlTreeNode node, NodeReader reader);
}
