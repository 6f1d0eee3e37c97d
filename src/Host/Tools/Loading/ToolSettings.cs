using HookInjector.Host.OciHooks.Selection;

namespace HookInjector.Host.Tools.Loading;

/// <summary>
/// The sources the validate and explain tools read, as the plugin would read them. Directories in
/// <see cref="GivenDirectories"/> were named on the command line: for those a missing directory is
/// a problem (a mistyped path must not pass as "no hooks"), while the plugin's default
/// directories may be absent, as they may be for the plugin.
/// </summary>
internal sealed record ToolSettings
{
    public required IReadOnlyList<string> HooksDirs { get; init; }

    public required string RulesDir { get; init; }

    public required string ExtensionsDir { get; init; }

    /// <summary>The worker executable that loads scripts and extensions; null finds it where it is published.</summary>
    public string? WorkerPath { get; init; }

    public required string ScriptCacheDir { get; init; }

    public IReadOnlySet<string> GivenDirectories { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Where a node's root is mounted: hook binaries are checked under it, as the plugin does with <c>--host-root</c>.</summary>
    public string? HostRoot { get; init; }

    /// <summary>
    /// Load hook files whose <c>hook.path</c> does not exist on this machine, for checking a node's
    /// configuration elsewhere (a workstation, CI). The plugin itself never skips that check.
    /// </summary>
    public bool IgnoreMissingHookPaths { get; init; }

    public BindMountMode BindMounts { get; init; } = BindMountMode.Requested;
}
