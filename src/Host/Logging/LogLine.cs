using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Logging;

/// <summary>The plain log line shared by every text sink: UTC time, level, message, then any exception.</summary>
internal static class LogLine
{
    public static string Format(DateTimeOffset time, LogLevel level, string message, Exception? exception)
    {
        var line = new StringBuilder(64 + message.Length)
            .Append(time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture))
            .Append(' ')
            .Append(LevelName(level))
            .Append(' ')
            .Append(message);
        if (exception is not null)
        {
            line.Append(": ").Append(exception);
        }
        return line.ToString();
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO ",
        LogLevel.Warning => "WARN ",
        LogLevel.Error => "ERROR",
        LogLevel.Critical => "FATAL",
        _ => "     ",
    };
}
