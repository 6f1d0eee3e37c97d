using Microsoft.Extensions.Logging;

namespace HookInjector.Host.OciHooks.Loading;

/// <summary>The log messages of hooks.d loading and watching.</summary>
internal static partial class OciHooksLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded hooks: {HookCount} hooks, {ErrorCount} errors")]
    public static partial void Loaded(ILogger logger, int hookCount, int errorCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reloaded hooks: {HookCount} hooks, {ErrorCount} errors")]
    public static partial void Reloaded(ILogger logger, int hookCount, int errorCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping hook file {HookFile}: {Reason}")]
    public static partial void Skipped(ILogger logger, string hookFile, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping hook file {HookFile} (field {Field}): {Reason}")]
    public static partial void SkippedField(ILogger logger, string hookFile, string field, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created missing hooks directory {Directory}")]
    public static partial void DirectoryCreated(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot create hooks directory {Directory}: {Reason}")]
    public static partial void DirectoryNotCreated(ILogger logger, string directory, string reason);


    [LoggerMessage(Level = LogLevel.Error, Message = "Reloading hooks failed; the previous hooks stay in effect")]
    public static partial void ReloadFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loading hook file {HookFile} despite: {Reason}")]
    public static partial void LoadedDespite(ILogger logger, string hookFile, string reason);

    public static void Warnings(ILogger logger, IEnumerable<HookLoadError> warnings)
    {
        foreach (var warning in warnings)
        {
            LoadedDespite(logger, warning.Path, warning.Message);
        }
    }

    public static void Errors(ILogger logger, IEnumerable<HookLoadError> errors)
    {
        foreach (var error in errors)
        {
            if (error.Field is null)
            {
                Skipped(logger, error.Path, error.Message);
            }
            else
            {
                SkippedField(logger, error.Path, error.Field, error.Message);
            }
        }
    }
}
