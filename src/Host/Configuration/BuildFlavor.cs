using System.Diagnostics.CodeAnalysis;

namespace HookInjector.Host.Configuration;

/// <summary>
/// Which build of the host this is. The full build compiles rule scripts and loads extension
/// assemblies; the compact build (Native AOT, <c>samples/deploy/publish.sh --compact</c>) cannot load
/// code at run time at all, and has the switch below fixed to false when it is compiled, so Roslyn
/// and the plugin loader are left out of its executable and it runs hooks.d and YAML rules in a
/// fraction of the memory.
/// </summary>
internal static class BuildFlavor
{
    public const string CodeLoadingSwitch = "HookInjector.CodeLoading.IsSupported";

    /// <summary>Whether rule scripts and extension assemblies can be loaded: true unless the build turned it off.</summary>
    [FeatureSwitchDefinition(CodeLoadingSwitch)]
    public static bool CanLoadCode => !AppContext.TryGetSwitch(CodeLoadingSwitch, out var enabled) || enabled;

    public static string Name => CanLoadCode ? "full" : "compact";

    /// <summary>
    /// The justification for calling code that loads code, always behind <see cref="CanLoadCode"/>:
    /// the compact build removes those calls, and the full build is not trimmed.
    /// </summary>
    public const string CodeLoadingJustification = "Reached only when CanLoadCode is true, which no trimmed build of the host has";

    /// <summary>Why the compact build skips a script or an extension, for its problem report.</summary>
    public static string Unsupported(string what) =>
        $"{what} need the full build of hook-injector: this compact build runs hooks.d and YAML rules only";
}
