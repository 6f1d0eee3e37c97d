using HookInjector.Host.Metrics;
using HookInjector.Host.Metrics.Exposition;

namespace HookInjector.Tests.Metrics;

/// <summary>A private set of instruments with a collector listening to them, read back through the exposition text.</summary>
internal sealed class MetricsProbe : IDisposable
{
    public MetricsProbe()
    {
        Collector = new PrometheusCollector(Metrics.Meter);
    }

    public HookInjectorMetrics Metrics { get; } = new();

    public PrometheusCollector Collector { get; }

    /// <summary>The value of one sample, by its name and labels as they appear in the text; null when absent.</summary>
    public string? Sample(string series)
    {
        var prefix = series + " ";
        return Collector.Scrape().Split('\n').FirstOrDefault(line => line.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
    }

    public void Dispose()
    {
        Collector.Dispose();
        Metrics.Dispose();
    }
}
