using System.Diagnostics.CodeAnalysis;

namespace HookInjector.Host.Configuration;

/// <summary>
/// Which build of the host this is. The daemon users run is Native AOT and cannot load code at run
/// time at all: the switch below is fixed to false when it is compiled, so Roslyn and the plugin
/// loader are left out of its executable. The worker it starts for rule scripts and extensions is
/// the same program built for the JIT (published beside it as <c>worker/hook-injector</c>), as are
/// the builds the tests run, which can therefore be their own worker.
/// </summary>
internal static class BuildFlavor
{
    public const string CodeLoadingSwitch = "HookInjector.CodeLoading.IsSupported";

    /// <summary>Whether rule scripts and extension assemblies can be loaded: true unless the build turned it off.</summary>
    [FeatureSwitchDefinition(CodeLoadingSwitch)]
    public static bool CanLoadCode => !AppContext.TryGetSwitch(CodeLoadingSwitch, out var enabled) || enabled;

    /// <summary>"native" for the Native AOT daemon, "jit" for a build that can load code.</summary>
    public static string Name => CanLoadCode ? "jit" : "native";

    /// <summary>
    /// The justification for calling code that loads code, always behind <see cref="CanLoadCode"/>:
    /// the Native AOT daemon removes those calls, and the JIT build is not trimmed.
    /// </summary>
    public const string CodeLoadingJustification = "Reached only when CanLoadCode is true, which no trimmed build of the host has";
}
