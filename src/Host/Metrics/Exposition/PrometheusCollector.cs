using System.Diagnostics.Metrics;

namespace HookInjector.Host.Metrics.Exposition;

/// <summary>
/// Listens to the instruments of one <see cref="Meter"/> and keeps their totals for scraping. Only
/// that meter instance is heard, so several plugins (or tests) in one process do not mix. A
/// measurement costs a dictionary lookup and an interlocked add; nothing is locked.
/// </summary>
internal sealed class PrometheusCollector : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly List<InstrumentSeries> instruments = [];
    private readonly Lock publishing = new();

    public PrometheusCollector(Meter meter)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == meter && Track(instrument) is { } series)
            {
                l.EnableMeasurementEvents(instrument, series);
            }
        };
        listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) =>
        {
            if (SeriesKey.TryCreate(tags, out var key))
            {
                ((ValueSeries)state!).Record(value, key);
            }
        });
        listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) =>
        {
            if (SeriesKey.TryCreate(tags, out var key))
            {
                ((HistogramSeries)state!).Record(value, key);
            }
        });
        listener.Start();
    }

    /// <summary>The current text exposition of every instrument, observable ones observed now, then the process metrics.</summary>
    public string Scrape()
    {
        listener.RecordObservableInstruments();
        InstrumentSeries[] current;
        lock (publishing)
        {
            current = [.. instruments];
        }
        return PrometheusText.Write(current) + ProcessMetrics.Text();
    }

    public void Dispose() => listener.Dispose();

    private InstrumentSeries? Track(Instrument instrument)
    {
        InstrumentSeries? series = instrument switch
        {
            Counter<long> => new ValueSeries(instrument, isGauge: false),
            ObservableGauge<long> => new ValueSeries(instrument, isGauge: true),
            Histogram<double> histogram => new HistogramSeries(instrument, histogram.Advice?.HistogramBucketBoundaries ?? HookInjectorMetrics.DurationBuckets),
            _ => null,
        };
        if (series is not null)
        {
            lock (publishing)
            {
                instruments.Add(series);
            }
        }
        return series;
    }
}
