using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace HookInjector.Host.Worker;

/// <summary>
/// The worker's log lines on stderr, "LEVEL message" with the level as one digit, and their reading
/// on the daemon's side, which logs each line again at its level.
/// </summary>
internal sealed class WorkerLogFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "worker";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        textWriter.Write((int)logEntry.LogLevel);
        textWriter.Write(' ');
        textWriter.WriteLine(logEntry.Exception is null ? message : $"{message}: {logEntry.Exception}");
    }

    public static bool TryParse(string line, out LogLevel level, out string message)
    {
        if (line.Length >= 2 && line[1] == ' ' && line[0] is >= '0' and <= '5')
        {
            level = (LogLevel)(line[0] - '0');
            message = line[2..];
            return true;
        }
        level = LogLevel.Information;
        message = line;
        return false;
    }
}
