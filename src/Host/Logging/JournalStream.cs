using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Logging;

/// <summary>
/// journald's conventions for a service's standard output: a line that starts with <c>&lt;N&gt;</c>
/// is stored at syslog priority N (sd-daemon(3)), so <c>journalctl -p err</c> finds the errors;
/// without the prefix every line is "info". systemd names the stream it connected in
/// <c>$JOURNAL_STREAM</c> (<c>DEVICE:INODE</c>); the prefix is written only when standard output
/// is still that stream, not when the variable was inherited by a process writing elsewhere.
/// </summary>
internal static class JournalStream
{
    public const string Variable = "JOURNAL_STREAM";

    /// <summary>Whether the console logger's output (standard output) goes to the journal.</summary>
    public static bool IsStandardOutput() =>
        IsStream(Environment.GetEnvironmentVariable(Variable), LinkTarget("/proc/self/fd/1"));

    /// <summary>
    /// Whether <paramref name="outputTarget"/>, what <c>/proc/self/fd/1</c> links to, is the journal
    /// stream systemd named: journald's streams are sockets, which /proc shows as <c>socket:[INODE]</c>.
    /// </summary>
    public static bool IsStream(string? journalStream, string? outputTarget)
    {
        var colon = journalStream?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon <= 0 || outputTarget is null)
        {
            return false;
        }
        var inode = journalStream![(colon + 1)..];
        return inode.Length > 0 && inode.All(char.IsAsciiDigit) && outputTarget == $"socket:[{inode}]";
    }

    /// <summary>The syslog priority of a level: debug 7, info 6, warning 4, err 3, crit 2.</summary>
    public static int Priority(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => 7,
        LogLevel.Information => 6,
        LogLevel.Warning => 4,
        LogLevel.Error => 3,
        _ => 2,
    };

    /// <summary>
    /// Prefixes every line of <paramref name="text"/> with the level's priority: journald stores each
    /// line of an exception's stack trace as a record of its own, which must not fall back to info.
    /// </summary>
    public static string WithPriority(string text, LogLevel level)
    {
        var prefix = $"<{Priority(level)}>";
        return prefix + text.ReplaceLineEndings("\n" + prefix);
    }

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
