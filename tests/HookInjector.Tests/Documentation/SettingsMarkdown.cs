using HookInjector.Host.Configuration;

namespace HookInjector.Tests.Documentation;

/// <summary>The documented tables of the settings, made from <see cref="SettingsTable"/>.</summary>
internal static class SettingsMarkdown
{
    /// <summary>Every flag of the plugin, with its configuration key and the modes that take it.</summary>
    public static string FlagsTable()
    {
        var lines = new List<string> { "| Flag | Key | Default | Used by | Meaning |", "|---|---|---|---|---|" };
        foreach (var setting in SettingsTable.All)
        {
            var value = setting.HelpName.Length == 0 ? "" : $" {setting.HelpName}";
            var flags = string.Join(", ", setting.Flags.Select((flag, index) => index == 0 ? $"`{flag}{value}`" : $"`{flag}`"));
            var key = setting.InFile ? $"`{setting.Key}`" : "flag only";
            lines.Add(Row(flags, key, DefaultOf(setting), ModesOf(setting.Modes), setting.Help));
        }
        return string.Join('\n', lines);
    }

    /// <summary>The keys of a configuration file, the runtime's drop-in configuration included.</summary>
    public static string KeysTable()
    {
        var lines = new List<string> { "| Key | Value | Default | Meaning |", "|---|---|---|---|" };
        foreach (var setting in SettingsTable.All.Where(setting => setting.InFile))
        {
            var value = setting switch
            {
                ListSetting list => $"list of `{list.HelpName}`",
                _ when setting.HelpName.Length == 0 => "`true|false`",
                _ => $"`{setting.HelpName}`",
            };
            lines.Add(Row($"`{setting.Key}`", value, DefaultOf(setting), $"{setting.Help} (`{setting.Flags[0]}`)"));
        }
        return string.Join('\n', lines);
    }

    private static string DefaultOf(Setting setting) => setting.DefaultText ?? $"`{setting.Default}`";

    private static string ModesOf(SettingModes modes) => string.Join(", ",
        new[] { (SettingModes.Plugin, "plugin"), (SettingModes.Validate, "validate"), (SettingModes.Explain, "explain") }
            .Where(mode => modes.HasFlag(mode.Item1)).Select(mode => mode.Item2));

    // A | inside a cell, even in code, must be escaped or it ends the cell.
    private static string Row(params string[] cells) => $"| {string.Join(" | ", cells.Select(cell => cell.Replace("|", "\\|", StringComparison.Ordinal)))} |";
}
