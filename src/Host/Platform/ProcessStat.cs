using System.Globalization;

namespace HookInjector.Host.Platform;

/// <summary>What /proc/PID/stat tells of a process: the one reader of that file, for the supervisor and the benchmarks.</summary>
internal static class ProcessStat
{
    /// <summary>
    /// The fields read: the state (<c>R</c>, <c>S</c>, <c>Z</c> for a zombie...), the parent's pid, and the CPU time
    /// the process has used, user and system, its ended threads included.
    /// </summary>
    public readonly record struct Fields(char State, int Parent, TimeSpan CpuTime)
    {
        /// <summary>Neither a zombie waiting for its parent nor dead.</summary>
        public bool IsRunning => State is not ('Z' or 'X');
    }

    /// <summary>The fields of one process; null once it is gone.</summary>
    public static Fields? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            // "PID (COMM) STATE PPID ...": the command name may hold spaces and parentheses, the fields after the
            // last ')' are plain: state, ppid, pgrp, session, tty_nr, tpgid, flags, minflt, cminflt, majflt,
            // cmajflt, utime, stime (these two in the kernel's USER_HZ ticks: 100 a second on Linux).
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return new Fields(fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture), TimeSpan.FromMilliseconds(ticks * 10));
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>The CPU time a process has used; null once it is gone.</summary>
    public static TimeSpan? CpuTime(int pid) => Read(pid)?.CpuTime;

    /// <summary>
    /// The running processes whose parent is <paramref name="parentPid"/>, found by the parent field of every
    /// /proc/PID/stat: /proc/PID/task/TID/children needs a kernel built with CONFIG_PROC_CHILDREN, which not every
    /// kernel is.
    /// </summary>
    public static IReadOnlyList<int> Children(int parentPid)
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Read(pid) is { IsRunning: true } process && process.Parent == parentPid)
            {
                children.Add(pid);
            }
        }
        return children;
    }
}
