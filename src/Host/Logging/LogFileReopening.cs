using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Logging;

/// <summary>
/// Reopens the log file on SIGHUP, the signal logrotate's <c>postrotate</c> sends, so the log can be
/// rotated by moving it rather than by copy-and-truncate (which loses the lines written in between).
/// Handled even without a log file: SIGHUP's default action would end the plugin.
/// </summary>
internal sealed partial class LogFileReopening : IDisposable
{
    private readonly FileLoggerProvider? fileLog;
    private readonly ILogger logger;
    private PosixSignalRegistration? registration;

    public LogFileReopening(FileLoggerProvider? fileLog, ILogger<LogFileReopening> logger)
    {
        this.fileLog = fileLog;
        this.logger = logger;
    }

    public void WatchHangupSignal() => registration ??= PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
    {
        context.Cancel = true;
        Reopen();
    });

    public void Reopen()
    {
        if (fileLog?.Path is not { } path)
        {
            LogNothingToReopen();
            return;
        }
        try
        {
            fileLog.Reopen();
            LogReopened(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The old file stays open, so lines keep going somewhere; the console still has them too.
            LogReopenFailed(path, e.Message);
        }
    }

    public void Dispose()
    {
        registration?.Dispose();
        registration = null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reopened the log file {Path} on SIGHUP")]
    private partial void LogReopened(string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot reopen the log file {Path} on SIGHUP: {Reason}; still writing to the file opened before")]
    private partial void LogReopenFailed(string path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "SIGHUP: no --log-file to reopen")]
    private partial void LogNothingToReopen();
}
