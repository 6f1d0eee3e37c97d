using HookInjector.E2E.Hooks;
using HookInjector.E2E.Runtime;

namespace HookInjector.E2E.Plugin;

/// <summary>Where the plugin under test logs: beside the runtime, and shown with its diagnostics when a test fails.</summary>
public static class PluginLog
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static string PathFor(ContainerdRuntime runtime) => Path.Combine(runtime.WorkDirectory, "hook-injector.log");

    public static string PrepareFor(ContainerdRuntime runtime, PrivateHooksDirectory hooks)
    {
        var path = PathFor(runtime);
        runtime.AddDiagnosticFile(path);
        runtime.AddDiagnosticFile(hooks.HookLog.Path);
        return path;
    }

    /// <summary>
    /// Waits until the plugin has logged a line containing <paramref name="text"/>: its output reaches
    /// the file through a pipe, a little after the plugin wrote it.
    /// </summary>
    public static async Task<string> WaitForLineAsync(ContainerdRuntime runtime, string text, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var path = PathFor(runtime);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var line = File.Exists(path)
                ? (await File.ReadAllLinesAsync(path, cancellationToken)).FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal))
                : null;
            if (line is not null)
            {
                return line;
            }
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"hook-injector logged no line containing \"{text}\" within {timeout.TotalSeconds:0} s ({path})");
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
