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

    /// <summary>The process id containerd gives for the registered plugin (the one it took from the socket's peer).</summary>
    public static int ProcessIdIn(string invocationOrderLine)
    {
        var match = ExternalProcessId().Match(invocationOrderLine);
        return match.Success
            ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : throw new InvalidDataException($"no external plugin process id in containerd's line: {invocationOrderLine}");
    }

    /// <summary>Waits until containerd logs that the plugin's connection closed, so it calls it no more.</summary>
    public static Task<string> WaitForDisconnectAsync(ProcessLog log, long since, CancellationToken cancellationToken) =>
        log.WaitForLineAsync(ConnectionClosedLine(), since, Timeout, $"NRI plugin \"{PluginName}\" gone", cancellationToken);

    // The runtime names a plugin by index and name, and logrus escapes the quotes:
    //   msg="  #1: \"10-hook-injector\" (external:10-hook-injector[4242])"
    [GeneratedRegex(@"#\d+: \\?""\d+-hook-injector\\?""")]
    private static partial Regex InvocationOrderLine();

    [GeneratedRegex(@"\(external:\d+-hook-injector\[(\d+)\]\)")]
    private static partial Regex ExternalProcessId();

    // containerd 2.x: msg="ttrpc server for plugin \"10-hook-injector\" closed (...)"; 1.7: plugin \"10-hook-injector\" closed.
    [GeneratedRegex(@"plugin \\?""\d+-hook-injector\\?""[^\n]* closed")]
    private static partial Regex ConnectionClosedLine();
}
