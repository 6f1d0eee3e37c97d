namespace HookInjector.Host.Configuration;

/// <summary>
/// Where the hook sources after hooks.d live, whether they are watched, and whether untrusted rule
/// files are refused (--strict): what moving them compares.
/// </summary>
internal sealed record HookSourceDirectories(string Rules, string ScriptCache, string Extensions, bool Watch, bool Strict = false)
{
    public static HookSourceDirectories Of(PluginSettings settings) =>
        new(settings.RulesDir, settings.ScriptCacheDir, settings.ExtensionsDir, !settings.DisableWatch, settings.Strict);
}
