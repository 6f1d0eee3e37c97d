namespace HookInjector.Host.Configuration;

/// <summary>The modes of <c>hook-injector</c> that read a setting: each offers it as a flag and uses it from a configuration file.</summary>
[Flags]
internal enum SettingModes
{
    Plugin = 1,
    Validate = 2,
    Explain = 4,
}
