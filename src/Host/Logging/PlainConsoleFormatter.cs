using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace HookInjector.Host.Logging;

/// <summary>One line per event on the console: time, level and message, without category noise.</summary>
internal sealed class PlainConsoleFormatter : ConsoleFormatter
{
    public const string FormatterName = "plain";

    public PlainConsoleFormatter() : base(FormatterName)
    {
    }

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        textWriter.WriteLine(LogLine.Format(DateTimeOffset.UtcNow, logEntry.LogLevel, message, logEntry.Exception));
    }
}
