using System.Globalization;

namespace HookInjector.ServingBench.Launch;

/// <summary>What /proc says about a process: its memory figures and its children.</summary>
internal static class ProcFs
{
    /// <summary>Reads a kB field (VmRSS, VmHWM) of /proc/PID/status; null once the process is gone.</summary>
    public static long? ReadStatusKilobytes(int pid, string field)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status");
        }
        catch (IOException)
        {
            return null;
        }
        var prefix = field + ":";
        foreach (var line in lines)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                var value = line.AsSpan(prefix.Length).Trim();
                return long.Parse(value[..value.IndexOf(' ')], CultureInfo.InvariantCulture);
            }
        }
        return null;
    }

    /// <summary>
    /// The live processes whose parent is <paramref name="parentPid"/>, found by the parent field of
    /// every /proc/PID/stat: /proc/PID/task/TID/children needs a kernel built with
    /// CONFIG_PROC_CHILDREN, which not every kernel is.
    /// </summary>
    public static IReadOnlyList<int> Children(int parentPid)
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ReadStat(pid) is { Parent: var parent, State: not ('Z' or 'X') } && parent == parentPid)
            {
                children.Add(pid);
            }
        }
        return children;
    }

    /// <summary>True while the process exists and is not a zombie.</summary>
    public static bool IsRunning(int pid) => ReadStat(pid) is { State: not ('Z' or 'X') };

    /// <summary>The state and parent fields of /proc/PID/stat; null once the process is gone.</summary>
    private static (char State, int Parent)? ReadStat(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        // "PID (COMM) STATE PPID ...": COMM may hold spaces and parentheses, so read after the last ')'.
        var fields = stat.AsSpan(stat.LastIndexOf(')') + 2);
        var parentStart = fields.IndexOf(' ') + 1;
        var parentLength = fields[parentStart..].IndexOf(' ');
        return (fields[0], int.Parse(fields.Slice(parentStart, parentLength), CultureInfo.InvariantCulture));
    }
}
