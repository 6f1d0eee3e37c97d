using HookInjector.E2E.Hooks;
using HookInjector.E2E.Runtime;

namespace HookInjector.E2E.Plugin;

/// <summary>Where the plugin under test logs: beside the runtime, and shown with its diagnostics when a test fails.</summary>
public static class PluginLog
{
    private static string PathFor(ContainerdRuntime runtime) => Path.Combine(runtime.WorkDirectory, "hook-injector.log");

    public static string PrepareFor(ContainerdRuntime runtime, PrivateHooksDirectory hooks)
    {
        var path = PathFor(runtime);
        runtime.AddDiagnosticFile(path);
        runtime.AddDiagnosticFile(hooks.HookLog.Path);
        return path;
    }

    /// <summary>The plugin's log, to wait for what it reports.</summary>
    public static ProcessLog Of(ContainerdRuntime runtime) => new(PathFor(runtime), "hook-injector");
}
