using System.Globalization;

namespace HookInjector.ServingBench.Launch;

/// <summary>What /proc/PID/status says about a process: its memory figures (its stat file is read by <c>Platform/ProcessStat</c>).</summary>
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
}
