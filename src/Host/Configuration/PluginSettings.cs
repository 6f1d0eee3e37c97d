using HookInjector.Host.Nri.Connection;

namespace HookInjector.Host.Configuration;

/// <summary>Everything the plugin is told at start: command-line flags, or a pre-installed plugin's drop-in file.</summary>
internal sealed record PluginSettings
{
    public const string DefaultHooksDir = "/usr/share/containers/oci/hooks.d";
    public const string OverrideHooksDir = "/etc/containers/oci/hooks.d";

    public string? Name { get; init; }
    public string? Index { get; init; }
    public string SocketPath { get; init; } = RuntimeSocket.DefaultPath;
    public bool Verbose { get; init; }
    public bool ExitOnDisconnect { get; init; }
    public string? LogFile { get; init; }

    /// <summary>Hook directories in precedence order: a file in a later directory overrides one of the same name in an earlier one.</summary>
    public IReadOnlyList<string> HooksDirs { get; init; } = [DefaultHooksDir, OverrideHooksDir];

    public bool DisableWatch { get; init; }

    /// <summary>Fail where the Go Hook Manager fails: an invalid hook file at start-up, a <c>commands</c> hook on a container without arguments.</summary>
    public bool Strict { get; init; }

    public BindMountPolicy BindMounts { get; init; } = BindMountPolicy.Requested;
}
