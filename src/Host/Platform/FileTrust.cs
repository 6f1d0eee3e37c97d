namespace HookInjector.Host.Platform;

/// <summary>
/// Whether the plugin, which runs as root, may act on what a file holds, by the rule of sshd's
/// StrictModes: the file and every directory above it must be owned by root or by the plugin's own
/// user, and writable by neither group nor others. Whoever can write any of them can replace the
/// file, and so make root run their code. A directory above the file that is root-owned and sticky
/// (/tmp) is accepted: others may add entries there, but not replace or rename one they do not own.
/// The path is checked as given (symlinks counted by their owner only: a symlink's own mode is
/// always 0777) and as its real path, so a symlink cannot lead into a writable directory unseen.
/// <para>
/// An instance remembers the verdicts on directories it has checked, so loading many files of one
/// directory walks that directory's chain once (<see cref="CheckFile"/>); use one per load, so a
/// directory that changes between loads is judged afresh.
/// </para>
/// </summary>
internal sealed class FileTrust
{
    /// <summary>The rule, as told to whoever meets a refusal.</summary>
    public const string Rule = "what the plugin loads, and every directory above it, must be owned by root or the plugin's user and writable by no one else";

    private const uint Sticky = 0x200;
    private const uint GroupWritable = 0x10;
    private const uint OthersWritable = 0x2;

    private readonly uint trustedOwner;
    private readonly Dictionary<string, string?> directoryVerdicts = new(StringComparer.Ordinal);

    /// <summary>Trusts root and the effective user of this process.</summary>
    public FileTrust()
        : this(LibC.EffectiveUserId())
    {
    }

    /// <summary>Trusts root and <paramref name="trustedOwner"/>.</summary>
    public FileTrust(uint trustedOwner) => this.trustedOwner = trustedOwner;

    /// <summary>
    /// Null when <paramref name="path"/> and every directory above it, as given and resolved, are
    /// trusted; otherwise why not, naming the offending path, its owner and its mode.
    /// </summary>
    public string? Check(string path)
    {
        var absolute = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (CheckChain(absolute) is { } reason)
        {
            return reason;
        }
        var errno = LibC.RealPath(absolute, out var real);
        if (errno != 0)
        {
            return $"{absolute} cannot be resolved: {Errno.Describe(errno)}";
        }
        return real == absolute ? null : CheckChain(real);
    }

    /// <summary>
    /// <see cref="Check"/> for a file of a directory: the directory's chain is checked once per
    /// instance, then only the file itself.
    /// </summary>
    public string? CheckFile(string path)
    {
        var absolute = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var directory = Path.GetDirectoryName(absolute);
        if (directory is not null)
        {
            if (!directoryVerdicts.TryGetValue(directory, out var verdict))
            {
                verdict = Check(directory);
                directoryVerdicts.Add(directory, verdict);
            }
            if (verdict is not null)
            {
                return verdict;
            }
        }
        return CheckEntry(absolute);
    }

    /// <summary>
    /// Only the entry itself, for one whose directory has been found trusted: its owner and mode.
    /// A symlink is checked whole (<see cref="Check"/>), since it leads somewhere else.
    /// </summary>
    public string? CheckEntry(string path)
    {
        var errno = LibC.Status(path, followSymlinks: false, out var status);
        if (errno != 0)
        {
            return $"{path} cannot be examined: {Errno.Describe(errno)}";
        }
        return status.Kind == UnixFileType.SymbolicLink ? Check(path) : Judge(path, status, isAbove: false);
    }

    /// <summary>The item and each directory above it, without following any symlink among them.</summary>
    private string? CheckChain(string absolute)
    {
        var isAbove = false;
        for (var current = absolute; current is not null; current = Path.GetDirectoryName(current), isAbove = true)
        {
            var errno = LibC.Status(current, followSymlinks: false, out var status);
            if (errno != 0)
            {
                return $"{current} cannot be examined: {Errno.Describe(errno)}";
            }
            if (Judge(current, status, isAbove) is { } reason)
            {
                return reason;
            }
        }
        return null;
    }

    private string? Judge(string path, FileStatus status, bool isAbove)
    {
        var ownerTrusted = status.Owner == 0 || status.Owner == trustedOwner;
        if (status.Kind == UnixFileType.SymbolicLink)
        {
            return ownerTrusted ? null : Describe(path, status, "is a symbolic link owned by another user");
        }
        if (isAbove && status.Owner == 0 && (status.Permissions & Sticky) != 0)
        {
            return null;
        }
        if ((status.Permissions & OthersWritable) != 0)
        {
            return Describe(path, status, "is writable by others");
        }
        if ((status.Permissions & GroupWritable) != 0)
        {
            return Describe(path, status, "is writable by its group");
        }
        return ownerTrusted ? null : Describe(path, status, "is owned by neither root nor the plugin's user");
    }

    private static string Describe(string path, FileStatus status, string problem) =>
        $"{path} {problem} (owner {status.Owner}, mode 0{Convert.ToString(status.Permissions, 8).PadLeft(3, '0')})";
}
