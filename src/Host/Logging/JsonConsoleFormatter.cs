using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace HookInjector.Host.Logging;

/// <summary>
/// --log-format json on the console: the same one-object-per-line shape as the log file, which the
/// built-in "json" formatter does not give (it nests differently and keeps local time).
/// </summary>
internal sealed class JsonConsoleFormatter : ConsoleFormatter
{
    public const string FormatterName = "hook-injector-json";

    private readonly bool journalPriorities;

    /// <param name="journalPriorities">Prefix each line with its syslog priority, for journald (<see cref="JournalStream"/>).</param>
    public JsonConsoleFormatter(bool journalPriorities = false) : base(FormatterName)
    {
        this.journalPriorities = journalPriorities;
    }

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        var line = JsonLogLine.Format(DateTimeOffset.UtcNow, logEntry.LogLevel, logEntry.Category, message, logEntry.State, logEntry.Exception);
        textWriter.WriteLine(journalPriorities ? JournalStream.WithPriority(line, logEntry.LogLevel) : line);
    }
}
