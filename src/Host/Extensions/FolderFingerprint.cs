using System.Text;
using HookInjector.Host.Platform;

namespace HookInjector.Host.Extensions;

/// <summary>
/// What an extension folder holds, by file path, size and modification time: two equal
/// fingerprints mean the extension need not be reloaded.
/// <para>
/// The walk is bounded, because the folder is not the plugin's own: symlinked sub-directories are
/// not entered (two links to an ancestor would otherwise make 2^depth paths), and the walk stops
/// at <see cref="MaxDepth"/> levels or <see cref="MaxEntries"/> entries with a problem. The
/// extension folder itself may be a symlink, wherever it points (a ConfigMap's
/// <c>Name -&gt; ..data/Name</c>, or an admin's link into /opt): whoever can place it can already
/// run code as root through the extension, so where it points protects nothing, and the caps
/// bound even a link to "/". Symlinked files are followed (ConfigMaps are made of them).
/// A FIFO, socket or device anywhere in the folder is a problem too: the assembly loader reads
/// files without the checks of <see cref="SafeFile"/> and would hang on a FIFO.
/// </para>
/// </summary>
internal static class FolderFingerprint
{
    /// <summary>Real extensions nest a few levels (runtimes/linux-x64/native); 16 is far beyond.</summary>
    public const int MaxDepth = 16;

    /// <summary>An extension with its dependencies holds tens to hundreds of files.</summary>
    public const int MaxEntries = 10_000;

    /// <summary>The fingerprint of <paramref name="folder"/>; <paramref name="problem"/> says why it must not be loaded, if so.</summary>
    public static string Of(string folder, CancellationToken cancellationToken, out string? problem)
    {
        var files = new List<(string RelativePath, long Length, long Ticks)>();
        problem = Walk(folder, files, cancellationToken);
        var fingerprint = new StringBuilder();
        foreach (var (relativePath, length, ticks) in files.OrderBy(file => file.RelativePath, StringComparer.Ordinal))
        {
            fingerprint.Append(relativePath).Append('\0').Append(length).Append('\0').Append(ticks).Append('\n');
        }
        if (problem is not null)
        {
            // A folder refused for a problem reloads when the problem changes, not only its files.
            fingerprint.Append('\0').Append(problem);
        }
        return fingerprint.ToString();
    }

    private static string? Walk(string folder, List<(string RelativePath, long Length, long Ticks)> files, CancellationToken cancellationToken)
    {
        var pending = new Stack<(string Directory, int Depth)>();
        pending.Push((folder, 0));
        var entries = 0;
        while (pending.TryPop(out var current))
        {
            cancellationToken.ThrowIfCancellationRequested();
            IEnumerable<string> children;
            try
            {
                children = Directory.EnumerateFileSystemEntries(current.Directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return $"{current.Directory}: cannot list the directory: {e.Message}";
            }
            foreach (var path in children)
            {
                if (++entries > MaxEntries)
                {
                    return $"{folder}: holds more than {MaxEntries} entries; the extension is not loaded";
                }
                if (LibC.Stat(path, followSymlinks: false, out var kind, out _) != 0)
                {
                    continue; // removed since it was listed
                }
                var isLink = kind == UnixFileType.SymbolicLink;
                if (isLink && LibC.Stat(path, followSymlinks: true, out kind, out _) != 0)
                {
                    continue; // dangling (or a loop): nothing the loader could read
                }
                switch (kind)
                {
                    case UnixFileType.Directory when isLink:
                        continue; // a symlinked sub-directory is never entered
                    case UnixFileType.Directory when current.Depth == MaxDepth:
                        return $"{path}: nested more than {MaxDepth} directories deep in {folder}; the extension is not loaded";
                    case UnixFileType.Directory:
                        pending.Push((path, current.Depth + 1));
                        continue;
                    case UnixFileType.RegularFile:
                        // A symlinked file counts by its target: a ConfigMap update swaps the
                        // targets and leaves the links as they were.
                        var file = (isLink ? File.ResolveLinkTarget(path, returnFinalTarget: true) as FileInfo : null) ?? new FileInfo(path);
                        files.Add((Path.GetRelativePath(folder, path), file.Length, file.LastWriteTimeUtc.Ticks));
                        continue;
                    default:
                        return $"{path}: not a regular file ({kind.Describe()}); the assembly loader could hang on it, so the extension is not loaded";
                }
            }
        }
        return null;
    }
}
