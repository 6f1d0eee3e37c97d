namespace HookInjector.Host.Configuration;

/// <summary>
/// Makes the settings in force from their sources, each over the one before: the defaults, the
/// configuration file (<c>--config</c>), the runtime's drop-in configuration, the flags given on the
/// command line. A pure function, so the plugin can run it again whenever the file or the runtime's
/// configuration changes.
/// </summary>
internal static class SettingsResolver
{
    /// <summary>How the runtime's configuration is named in errors: it comes as text, from no file the plugin knows.</summary>
    public const string DropInSource = "the runtime's configuration";

    /// <exception cref="SettingsException">The file or the runtime's configuration is not valid; names the source, line, column and key.</exception>
    public static PluginSettings Resolve(CommandLineSettings flags, string? configFileText, string? dropInText) =>
        Resolve(flags, configFileText, dropInText, out _);

    /// <param name="explicitKeys">The keys the command line or the configuration file set, as opposed to left at their defaults.</param>
    /// <exception cref="SettingsException">The file or the runtime's configuration is not valid; names the source, line, column and key.</exception>
    public static PluginSettings Resolve(CommandLineSettings flags, string? configFileText, string? dropInText, out IReadOnlySet<string> explicitKeys)
    {
        ArgumentNullException.ThrowIfNull(flags);
        var file = configFileText is null ? [] : SettingsFile.Read(configFileText, flags.ConfigFile ?? "the configuration file");
        var dropIn = dropInText is null ? [] : SettingsFile.Read(dropInText, DropInSource);
        var settings = new PluginSettings();
        foreach (var assignment in file.Concat(dropIn).Concat(flags.Flags))
        {
            settings = assignment.Apply(settings);
        }
        explicitKeys = file.Concat(flags.Flags).Select(assignment => assignment.Setting.Key).ToHashSet(StringComparer.Ordinal);
        return settings;
    }
}
