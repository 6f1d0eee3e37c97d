using Microsoft.Extensions.Logging;

namespace HookInjector.Host.FileWatching;

/// <summary>
/// Watches one directory and reports any change in it (in its sub-directories too when recursive:
/// an extension's files live one level down). A watch dies with
/// its directory, so the parent directory is watched for the directory's name too: when it is
/// deleted, re-created or renamed, the watch is re-armed and a change reported.
/// <see cref="EnsureWatching"/> re-arms whatever is missing and is also called periodically, for
/// directories that could not be watched at all (parent missing). Arming reports a change ("whatever
/// happened while unwatched"), except on the first call when the owner loads right after it
/// (<c>loadsAfterFirstArm</c>): that load reads whatever happened before. A watcher error (event queue
/// overflow) means events were lost: it is reported as a change, so everything is re-read.
/// </summary>
internal sealed class DirectoryWatch : IDisposable
{
    private const NotifyFilters AnyChange = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite
        | NotifyFilters.Size | NotifyFilters.Attributes | NotifyFilters.CreationTime | NotifyFilters.Security;

    private readonly string directory;
    private readonly Action changed;
    private readonly bool recursive;
    private readonly ILogger logger;
    private bool reportArming;
    private readonly Lock gate = new();
    private FileSystemWatcher? directoryWatcher;
    private FileSystemWatcher? parentWatcher;
    private bool disposed;

    public DirectoryWatch(string directory, Action changed, ILogger logger, bool recursive = false, bool loadsAfterFirstArm = false)
    {
        reportArming = !loadsAfterFirstArm;
        this.directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        this.changed = changed;
        this.recursive = recursive;
        this.logger = logger;
    }

    public void EnsureWatching()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }
            parentWatcher ??= TryWatchParent();
            var report = reportArming;
            reportArming = true;
            if (directoryWatcher is null && Directory.Exists(directory))
            {
                directoryWatcher = TryWatch(directory, filter: null, AnyChange, recursive);
                if (directoryWatcher is not null)
                {
                    FileWatchLog.Watching(logger, directory);
                    if (report)
                    {
                        changed();
                    }
                }
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            directoryWatcher?.Dispose();
            parentWatcher?.Dispose();
            directoryWatcher = null;
            parentWatcher = null;
        }
    }

    private FileSystemWatcher? TryWatchParent()
    {
        var parent = Path.GetDirectoryName(directory);
        return parent is null || !Directory.Exists(parent)
            ? null
            : TryWatch(parent, Path.GetFileName(directory), NotifyFilters.DirectoryName, includeSubdirectories: false);
    }

    private FileSystemWatcher? TryWatch(string path, string? filter, NotifyFilters notifyFilter, bool includeSubdirectories)
    {
        FileSystemWatcher? watcher = null;
        try
        {
            watcher = new FileSystemWatcher(path) { IncludeSubdirectories = includeSubdirectories, NotifyFilter = notifyFilter };
            if (filter is not null)
            {
                watcher.Filter = filter;
                watcher.Created += OnDirectoryReplaced;
                watcher.Deleted += OnDirectoryReplaced;
                watcher.Renamed += OnDirectoryReplaced;
            }
            else
            {
                watcher.Created += OnChanged;
                watcher.Changed += OnChanged;
                watcher.Deleted += OnChanged;
                watcher.Renamed += OnChanged;
            }
            watcher.Error += OnError;
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            watcher?.Dispose();
            FileWatchLog.NotWatching(logger, path, e.Message);
            return null;
        }
    }

    private void OnChanged(object sender, FileSystemEventArgs e) => changed();

    private void OnDirectoryReplaced(object sender, FileSystemEventArgs e)
    {
        lock (gate)
        {
            directoryWatcher?.Dispose();
            directoryWatcher = null;
        }
        EnsureWatching();
        changed();
    }

    private void OnError(object sender, ErrorEventArgs e)
    {
        FileWatchLog.WatcherError(logger, directory, e.GetException().Message);
        lock (gate)
        {
            directoryWatcher?.Dispose();
            directoryWatcher = null;
            parentWatcher?.Dispose();
            parentWatcher = null;
        }
        EnsureWatching();
        changed();
    }
}
