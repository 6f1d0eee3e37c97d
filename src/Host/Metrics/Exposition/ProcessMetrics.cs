using System.Globalization;
using System.Text;

namespace HookInjector.Host.Metrics.Exposition;

/// <summary>
/// The standard process metrics of Prometheus' client libraries, read from <c>/proc</c> at each
/// scrape as the Go client reads them, so dashboards made for any exporter work unchanged:
/// resident memory, CPU time (user and system) and start time. Only the daemon's own process: the
/// worker's memory and CPU are its own.
/// </summary>
internal static class ProcessMetrics
{
    /// <summary>Linux reports times in /proc in clock ticks of USER_HZ, fixed at 100 for user space on every architecture.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>Fields of /proc/PID/stat after the command name, counted from 0 at the state field (field 3 of proc(5)).</summary>
    private const int UserTimeField = 14 - 3;
    private const int SystemTimeField = 15 - 3;
    private const int StartTimeField = 22 - 3;

    /// <summary>The three metric families in the text format; empty where /proc cannot be read.</summary>
    public static string Text(string procRoot = "/proc")
    {
        if (Read(procRoot) is not { } sample)
        {
            return "";
        }
        var text = new StringBuilder();
        PrometheusText.WriteFamily(text, "process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", "counter", sample.CpuSeconds);
        PrometheusText.WriteFamily(text, "process_resident_memory_bytes", "Resident memory size in bytes.", "gauge", sample.ResidentBytes);
        PrometheusText.WriteFamily(text, "process_start_time_seconds", "Start time of the process since unix epoch in seconds.", "gauge", sample.StartTimeSeconds);
        return text.ToString();
    }

    /// <summary>The process' figures, or null where /proc cannot be read (not Linux, or /proc not mounted).</summary>
    public static Sample? Read(string procRoot = "/proc")
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(procRoot, "self", "stat"));
            // The command name is in parentheses and may hold spaces and parentheses itself.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var statm = File.ReadAllText(Path.Combine(procRoot, "self", "statm")).Split(' ');
            var bootTime = File.ReadLines(Path.Combine(procRoot, "stat"))
                .First(line => line.StartsWith("btime ", StringComparison.Ordinal))["btime ".Length..];
            return new Sample(
                ResidentBytes: Number(statm[1]) * Environment.SystemPageSize,
                CpuSeconds: (Number(fields[UserTimeField]) + Number(fields[SystemTimeField])) / TicksPerSecond,
                StartTimeSeconds: Number(bootTime) + Number(fields[StartTimeField]) / TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException or InvalidOperationException)
        {
            return null;
        }
    }

    private static long Number(string text) => long.Parse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture);

    internal readonly record struct Sample(double ResidentBytes, double CpuSeconds, double StartTimeSeconds);
}
