using System.Globalization;

namespace HookInjector.Host.Platform;

/// <summary>What /proc/PID/stat tells of a process.</summary>
internal static class ProcessStat
{
    /// <summary>
    /// The CPU time the process has used, user and system, its ended threads included (utime and
    /// stime, in the kernel's USER_HZ ticks: 100 a second on Linux); null once it is gone.
    /// </summary>
    public static TimeSpan? CpuTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            // The command name in parentheses may hold spaces; the fields after it are plain numbers:
            // state, ppid, pgrp, session, tty_nr, tpgid, flags, minflt, cminflt, majflt, cmajflt, utime, stime.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromMilliseconds(ticks * 10);
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
