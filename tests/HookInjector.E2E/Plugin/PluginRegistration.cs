using System.Text.RegularExpressions;
using HookInjector.E2E.Runtime;

namespace HookInjector.E2E.Plugin;

/// <summary>
/// Knows from containerd's log that a plugin is registered: every NRI version in use
/// prints the plugin invocation order, one line per plugin, once a plugin has synchronized.
/// </summary>
public static partial class PluginRegistration
{
    public const string PluginName = "hook-injector";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static Task<string> WaitAsync(ProcessLog log, long since, CancellationToken cancellationToken) =>
        log.WaitForLineAsync(InvocationOrderLine(), since, Timeout, $"NRI plugin \"{PluginName}\" registered", cancellationToken);

    // The runtime names a plugin by index and name, and logrus escapes the quotes:
    //   msg="  #1: \"10-hook-injector\" (external:10-hook-injector[4242])"
    [GeneratedRegex(@"#\d+: \\?""\d+-hook-injector\\?""")]
    private static partial Regex InvocationOrderLine();
}
