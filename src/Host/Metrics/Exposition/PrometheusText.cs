using System.Globalization;
using System.Text;

namespace HookInjector.Host.Metrics.Exposition;

/// <summary>
/// Writes the Prometheus text exposition format, version 0.0.4: per metric family a HELP and a
/// TYPE line, then its series sorted by labels, so the same measurements always give the same text.
/// </summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(IEnumerable<InstrumentSeries> instruments)
    {
        var text = new StringBuilder();
        foreach (var instrument in instruments.OrderBy(instrument => instrument.Name, StringComparer.Ordinal))
        {
            text.Append("# HELP ").Append(instrument.Name).Append(' ').Append(EscapeHelp(instrument.Instrument.Description ?? "")).Append('\n');
            text.Append("# TYPE ").Append(instrument.Name).Append(' ').Append(instrument.Type).Append('\n');
            switch (instrument)
            {
                case ValueSeries values:
                    foreach (var (key, value) in values.Snapshot().OrderBy(series => LabelText(series.Key), StringComparer.Ordinal))
                    {
                        Sample(text, instrument.Name, LabelText(key), value.ToString(CultureInfo.InvariantCulture));
                    }
                    break;
                case HistogramSeries histogram:
                    foreach (var (key, counts, sum) in histogram.Snapshot().OrderBy(series => LabelText(series.Key), StringComparer.Ordinal))
                    {
                        WriteHistogram(text, histogram, key, counts, sum);
                    }
                    break;
            }
        }
        return text.ToString();
    }

    /// <summary>A family of one unlabelled sample, for values read at scrape time rather than recorded.</summary>
    public static void WriteFamily(StringBuilder text, string name, string help, string type, double value)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(help)).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        Sample(text, name, "", Number(value));
    }

    private static void WriteHistogram(StringBuilder text, HistogramSeries histogram, SeriesKey key, long[] counts, double sum)
    {
        var labels = LabelText(key);
        var cumulative = 0L;
        for (var i = 0; i < counts.Length; i++)
        {
            cumulative += counts[i];
            var bound = i < histogram.Bounds.Count ? Number(histogram.Bounds[i]) : "+Inf";
            var bucketLabels = labels.Length == 0 ? $"le=\"{bound}\"" : $"{labels},le=\"{bound}\"";
            Sample(text, histogram.Name + "_bucket", bucketLabels, cumulative.ToString(CultureInfo.InvariantCulture));
        }
        Sample(text, histogram.Name + "_sum", labels, Number(sum));
        // The count is the +Inf bucket, so the two agree even while measurements arrive.
        Sample(text, histogram.Name + "_count", labels, cumulative.ToString(CultureInfo.InvariantCulture));
    }

    private static void Sample(StringBuilder text, string name, string labels, string value)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{').Append(labels).Append('}');
        }
        text.Append(' ').Append(value).Append('\n');
    }

    private static string LabelText(SeriesKey key) =>
        string.Join(',', key.Labels().Select(label => $"{label.Name}=\"{EscapeLabelValue(label.Value)}\""));

    /// <summary>Shortest round-trip form, as Go's strconv writes it for the Prometheus client (1e-05, 0.25).</summary>
    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);

    private static string EscapeHelp(string help) => help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeLabelValue(string value) =>
        EscapeHelp(value).Replace("\"", "\\\"", StringComparison.Ordinal);
}
