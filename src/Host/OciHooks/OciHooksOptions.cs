namespace HookInjector.Host.OciHooks;

/// <summary>How hooks.d directories are read, matched and watched.</summary>
internal sealed record OciHooksOptions
{
    public const string DefaultDirectory = "/usr/share/containers/oci/hooks.d";
    public const string OverrideDirectory = "/etc/containers/oci/hooks.d";

    /// <summary>Directories in increasing precedence: a later directory's file replaces an earlier one of the same name.</summary>
    public IReadOnlyList<string> Directories { get; init; } = [DefaultDirectory, OverrideDirectory];

    /// <summary>
    /// Refuse to start when Go's manager would (an invalid hook file, with Go's exception for a
    /// missing hook binary). Off by default: invalid files are reported and skipped, so one bad
    /// file does not take every other hook, and container creation, down with it.
    /// </summary>
    public bool StrictStartup { get; init; }

    /// <summary>
    /// Fail the container, as Go does, when a hook's <c>commands</c> must be checked and the
    /// container has no process arguments. Off by default: that hook is left out with a warning.
    /// </summary>
    public bool StrictMatching { get; init; }

    /// <summary>
    /// Leave out hook files that others than root or the plugin's user can change (or whose
    /// directories they can), as errors. Off by default: CRI-O reads them, so they load with a warning.
    /// </summary>
    public bool RefuseUntrustedFiles { get; init; }

    /// <summary>Watch the directories and reload on change; when off, hooks are read once at start-up.</summary>
    public bool Watch { get; init; } = true;


    /// <summary>
    /// Where the node's root file system is mounted when the plugin runs in a container: hook
    /// binaries are checked under it, while hooks keep their node paths. Null checks them as they are.
    /// The hooks.d directories themselves are read as given, inside the plugin's own file system.
    /// </summary>
    public string? HostRoot { get; init; }

    /// <summary>Hook files larger than this are rejected; real ones are a few hundred bytes.</summary>
    public int MaxFileBytes { get; init; } = 1024 * 1024;
}
