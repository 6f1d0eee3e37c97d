namespace HookInjector.Host.Logging;

/// <summary>How log lines are written, on the console and in the log file alike.</summary>
internal enum LogFormat
{
    /// <summary>UTC time, level and message (<see cref="LogLine"/>), for people.</summary>
    Text,

    /// <summary>One JSON object per line (<see cref="JsonLogLine"/>), for log collectors.</summary>
    Json,
}
