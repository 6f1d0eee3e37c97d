namespace HookInjector.Host.Configuration;

/// <summary>Where the hook sources after hooks.d live, and whether they are watched: what moving them compares.</summary>
internal sealed record HookSourceDirectories(string Rules, string ScriptCache, string Extensions, bool Watch)
{
    public static HookSourceDirectories Of(PluginSettings settings) =>
        new(settings.RulesDir, settings.ScriptCacheDir, settings.ExtensionsDir, !settings.DisableWatch);
}
