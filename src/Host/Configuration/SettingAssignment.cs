namespace HookInjector.Host.Configuration;

/// <summary>A value given to a setting by one source (the command line, a configuration file), ready to be laid over the settings below it.</summary>
internal sealed record SettingAssignment(Setting Setting, Func<PluginSettings, PluginSettings> Apply);
