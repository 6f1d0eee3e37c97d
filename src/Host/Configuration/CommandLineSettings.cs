namespace HookInjector.Host.Configuration;

/// <summary>What a command line set: the configuration file it names, and the settings it gives explicitly (flags left out are not here, so they do not hide the file's values).</summary>
internal sealed record CommandLineSettings(string? ConfigFile, IReadOnlyList<SettingAssignment> Flags)
{
    public static CommandLineSettings None { get; } = new(null, []);
}
