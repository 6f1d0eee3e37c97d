using HookInjector.Abstractions;

namespace HookInjector.Host.Metrics;

/// <summary>The <c>source</c> label of a hook source, spelled as the flags and logs name it.</summary>
internal static class SourceLabel
{
    public const string HooksDirectory = "hooks.d";

    public static string Of(HookSourceKind kind) => kind switch
    {
        HookSourceKind.HooksDirectory => HooksDirectory,
        HookSourceKind.Rule => "rules",
        HookSourceKind.Script => "scripts",
        _ => "extensions",
    };
}
