using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace HookInjector.Host.Logging;

/// <summary>One line per event on the console: time, level and message, without category noise.</summary>
internal sealed class PlainConsoleFormatter : ConsoleFormatter
{
    public const string FormatterName = "plain";

    private readonly bool journalPriorities;

    /// <param name="journalPriorities">Prefix each line with its syslog priority, for journald (<see cref="JournalStream"/>).</param>
    public PlainConsoleFormatter(bool journalPriorities = false) : base(FormatterName)
    {
        this.journalPriorities = journalPriorities;
    }

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        var line = LogLine.Format(DateTimeOffset.UtcNow, logEntry.LogLevel, message, logEntry.Exception);
        textWriter.WriteLine(journalPriorities ? JournalStream.WithPriority(line, logEntry.LogLevel) : line);
    }
}
