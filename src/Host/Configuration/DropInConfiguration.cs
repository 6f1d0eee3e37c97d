namespace HookInjector.Host.Configuration;

/// <summary>
/// The configuration a runtime passes to a pre-installed plugin (the content of its drop-in file,
/// e.g. /etc/nri/conf.d/10-hook-injector.conf): the keys of a configuration file, read by
/// <see cref="SettingsFile"/>. A pre-installed plugin gets no arguments, so this is where its
/// settings live.
/// </summary>
internal static class DropInConfiguration
{
    /// <summary>
    /// <paramref name="settings"/> with what the runtime's configuration sets laid over them.
    /// <see cref="SettingsResolver.Resolve(CommandLineSettings, string?, string?)"/> does the same
    /// and keeps the flags given on the command line above it.
    /// </summary>
    /// <exception cref="SettingsException">The configuration is not valid; names line, column and key.</exception>
    public static PluginSettings Apply(string text, PluginSettings settings)
    {
        foreach (var assignment in SettingsFile.Read(text, SettingsResolver.DropInSource))
        {
            settings = assignment.Apply(settings);
        }
        return settings;
    }
}
