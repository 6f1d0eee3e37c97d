using Microsoft.Extensions.Logging;

namespace HookInjector.Host.FileWatching;

/// <summary>The log messages of directory watching, shared by every watched source.</summary>
internal static partial class FileWatchLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Watching directory {Directory}")]
    public static partial void Watching(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Directory {Directory} is not watched ({Reason}); checking again periodically")]
    public static partial void NotWatching(ILogger logger, string directory, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watcher error on {Directory}, reloading everything: {Reason}")]
    public static partial void WatcherError(ILogger logger, string directory, string reason);
}
