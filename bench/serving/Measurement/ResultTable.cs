using System.Globalization;
using System.Text;

namespace HookInjector.ServingBench.Measurement;

/// <summary>
/// One markdown table, a column per plugin and a row per figure. With several runs a cell is the
/// median over the runs and, in brackets, the lowest and highest; a figure a plugin does not have
/// (the worker's, when it runs none) is a dash.
/// </summary>
internal static class ResultTable
{
    /// <summary>The cell of a figure a plugin does not have (the worker's, without one).</summary>
    private const string None = "–";

    private static readonly (string Name, Func<ServingResult, double?> Value, string Format)[] Rows =
    [
        ("start to RegisterPlugin (ms)", r => r.StartupMilliseconds, "0"),
        ("Configure (ms)", r => r.ConfigureMilliseconds, "0"),
        ("VmRSS idle, configured (MiB)", r => r.IdleKilobytes / 1024.0, "0.0"),
        ("VmRSS peak while serving (MiB)", r => r.PeakKilobytes / 1024.0, "0.0"),
        ("VmRSS after the last call (MiB)", r => r.EndKilobytes / 1024.0, "0.0"),
        ("VmHWM, start-up included (MiB)", r => r.HighWaterKilobytes / 1024.0, "0.0"),
        ("worker VmRSS idle, configured (MiB)", r => r.WorkerIdleKilobytes / 1024.0, "0.0"),
        ("worker VmRSS peak while serving (MiB)", r => r.WorkerPeakKilobytes / 1024.0, "0.0"),
        ("worker VmRSS after the last call (MiB)", r => r.WorkerEndKilobytes / 1024.0, "0.0"),
        ("CreateContainer first call (µs)", r => r.Latencies.First, "0"),
        ("CreateContainer p50 (µs)", r => r.Latencies.P50, "0"),
        ("CreateContainer p95 (µs)", r => r.Latencies.P95, "0"),
        ("CreateContainer max (µs)", r => r.Latencies.Max, "0"),
        ("CPU per CreateContainer (µs)", r => r.CpuMicrosecondsPerCall, "0"),
        ("worker CPU per CreateContainer (µs)", r => r.WorkerCpuMicrosecondsPerCall, "0"),
        ("hooks injected per container", r => r.HooksInjected, "0"),
    ];

    public static string Format(IReadOnlyList<PluginUnderTest> plugins, IReadOnlyList<ServingResult> results)
    {
        var text = new StringBuilder();
        text.Append("| |").AppendJoin("", plugins.Select(p => $" {p.Label} |")).AppendLine();
        text.Append("|---|").AppendJoin("", plugins.Select(_ => "---:|")).AppendLine();
        foreach (var (name, value, format) in Rows)
        {
            text.Append("| ").Append(name).Append(" |");
            foreach (var plugin in plugins)
            {
                var values = results.Where(r => r.Label == plugin.Label).Select(value).OfType<double>().Order().ToArray();
                text.Append(' ').Append(Cell(values, format)).Append(" |");
            }
            text.AppendLine();
        }
        return text.ToString();
    }

    /// <summary>The median of the runs that have the figure, and their range.</summary>
    private static string Cell(double[] sorted, string format)
    {
        if (sorted.Length == 0)
        {
            return None;
        }
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        var cell = median.ToString(format, CultureInfo.InvariantCulture);
        if (sorted.Length > 1 && sorted[0] != sorted[^1])
        {
            cell += string.Create(CultureInfo.InvariantCulture, $" ({sorted[0].ToString(format, CultureInfo.InvariantCulture)}–{sorted[^1].ToString(format, CultureInfo.InvariantCulture)})");
        }
        return cell;
    }
}
