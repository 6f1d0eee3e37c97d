using HookInjector.E2E.Hooks;
using HookInjector.E2E.Runtime;

namespace HookInjector.E2E.Plugin;

/// <summary>Where the plugin under test logs: beside the runtime, and shown with its diagnostics when a test fails.</summary>
public static class PluginLog
{
    public static string PrepareFor(ContainerdRuntime runtime, PrivateHooksDirectory hooks)
    {
        var path = Path.Combine(runtime.WorkDirectory, "hook-injector.log");
        runtime.AddDiagnosticFile(path);
        runtime.AddDiagnosticFile(hooks.HookLog.Path);
        return path;
    }
}
