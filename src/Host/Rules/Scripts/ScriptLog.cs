using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Rules.Scripts;

internal static partial class ScriptLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Compiled rule script {Script} in {ElapsedMilliseconds} ms")]
    public static partial void Compiled(ILogger logger, string script, long elapsedMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rule script {Script} does not compile and is skipped: {Problem}")]
    public static partial void NotCompiled(ILogger logger, string script, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rule script {Script} cannot be used and is skipped: {Reason}")]
    public static partial void Unusable(ILogger logger, string script, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Script cache entry {Entry} is not used and is deleted, the script is compiled again: {Reason}")]
    public static partial void CacheEntryDiscarded(ILogger logger, string entry, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Script cache {Directory} cannot be written, scripts will be compiled again on restart: {Reason}")]
    public static partial void CacheUnwritable(ILogger logger, string directory, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} entries from the script cache {Directory} that no script had used for {Days} days")]
    public static partial void CachePruned(ILogger logger, int count, string directory, double days);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} rule scripts from {Directory} ({Compiled} compiled, {Problems} with problems)")]
    public static partial void Loaded(ILogger logger, int count, string directory, int compiled, int problems);
}
