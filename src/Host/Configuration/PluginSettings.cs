using HookInjector.Host.OciHooks;
using HookInjector.Host.OciHooks.Selection;
using HookInjector.Host.Logging;
using HookInjector.Host.Metrics.Endpoint;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Configuration;

/// <summary>
/// The settings in force, and their defaults: what <see cref="SettingsResolver"/> makes of the
/// defaults, a configuration file, the runtime's configuration and the command line. Every setting
/// is described (flags, key, help) in <see cref="SettingsTable"/>.
/// </summary>
internal sealed record PluginSettings
{
    public string? Name { get; init; }
    public string? Index { get; init; }
    public string SocketPath { get; init; } = "/var/run/nri/nri.sock";
    public bool Verbose { get; init; }
    public bool ExitOnDisconnect { get; init; }
    public string? LogFile { get; init; }

    /// <summary>Hook directories in precedence order: a file in a later directory overrides one of the same name in an earlier one.</summary>
    public IReadOnlyList<string> HooksDirs { get; init; } = [OciHooksOptions.DefaultDirectory, OciHooksOptions.OverrideDirectory];

    public bool DisableWatch { get; init; }

    /// <summary>
    /// Fail where the Go Hook Manager fails: an invalid hook file at start-up, a <c>commands</c> hook
    /// on a container without arguments; and refuse hook and YAML rule files others than root can change.
    /// </summary>
    public bool Strict { get; init; }

    public BindMountMode BindMounts { get; init; } = BindMountMode.Requested;

    /// <summary>YAML rules and C# rule scripts; optional, a missing directory holds none.</summary>
    public string RulesDir { get; init; } = "/etc/hook-injector/rules.d";

    /// <summary>Compiled rule scripts, keyed by content hash, so a restart needs no compiler.</summary>
    public string ScriptCacheDir { get; init; } = "/var/cache/hook-injector/scripts";

    /// <summary>Extension assemblies, one folder each; optional.</summary>
    public string ExtensionsDir { get; init; } = "/etc/hook-injector/extensions";

    /// <summary>The worker executable for scripts and extensions; null finds it where it is published.</summary>
    public string? WorkerPath { get; init; }

    /// <summary>Where /metrics is served; null serves nothing.</summary>
    public MetricsAddress? MetricsAddress { get; init; }

    public LogFormat LogFormat { get; init; } = LogFormat.Text;

    /// <summary>The least severe level logged, on the console and in the log file alike.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>Where the node's root file system is mounted when the plugin runs in a container; hook binaries are checked under it.</summary>
    public string? HostRoot { get; init; }

    public OciHooksOptions ToOciHooksOptions() => new()
    {
        HostRoot = HostRoot,
        Directories = HooksDirs,
        StrictStartup = Strict,
        StrictMatching = Strict,
        RefuseUntrustedFiles = Strict,
        Watch = !DisableWatch,
    };
}
