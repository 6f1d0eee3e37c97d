using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace HookInjector.Host.Metrics.Exposition;

/// <summary>What a Prometheus metric family needs from one instrument: its name, help, type and series.</summary>
internal abstract class InstrumentSeries(Instrument instrument)
{
    public Instrument Instrument { get; } = instrument;

    public abstract string Type { get; }

    /// <summary>The Prometheus name: dots become underscores, counters end in _total, a unit in seconds in _seconds.</summary>
    public string Name { get; } = PrometheusName(instrument);

    private static string PrometheusName(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_');
        if (instrument.Unit == "s")
        {
            name += "_seconds";
        }
        return instrument is Counter<long> or ObservableCounter<long> ? name + "_total" : name;
    }
}

/// <summary>Counters (summed) and gauges (last value) of whole numbers.</summary>
internal sealed class ValueSeries(Instrument instrument, bool isGauge) : InstrumentSeries(instrument)
{
    private readonly ConcurrentDictionary<SeriesKey, Cell> series = new();

    public override string Type => isGauge ? "gauge" : "counter";

    public void Record(long value, in SeriesKey key)
    {
        var cell = series.TryGetValue(key, out var found) ? found : series.GetOrAdd(key, _ => new Cell());
        if (isGauge)
        {
            Volatile.Write(ref cell.Value, value);
        }
        else
        {
            Interlocked.Add(ref cell.Value, value);
        }
    }

    public IEnumerable<(SeriesKey Key, long Value)> Snapshot() =>
        series.Select(pair => (pair.Key, Volatile.Read(ref pair.Value.Value)));

    private sealed class Cell
    {
        public long Value;
    }
}

/// <summary>Histograms of seconds, counted per bucket (not cumulative; the writer adds them up).</summary>
internal sealed class HistogramSeries(Instrument instrument, IReadOnlyList<double> bounds) : InstrumentSeries(instrument)
{
    private readonly ConcurrentDictionary<SeriesKey, Buckets> series = new();

    public override string Type => "histogram";

    public IReadOnlyList<double> Bounds { get; } = bounds;

    public void Record(double value, in SeriesKey key)
    {
        var buckets = series.TryGetValue(key, out var found) ? found : series.GetOrAdd(key, _ => new Buckets(Bounds.Count + 1));
        var index = 0;
        while (index < Bounds.Count && value > Bounds[index])
        {
            index++;
        }
        Interlocked.Increment(ref buckets.Counts[index]);
        AddToSum(ref buckets.SumBits, value);
    }

    public IEnumerable<(SeriesKey Key, long[] Counts, double Sum)> Snapshot() =>
        series.Select(pair => (pair.Key, pair.Value.Counts.ToArray(), BitConverter.Int64BitsToDouble(Volatile.Read(ref pair.Value.SumBits))));

    private static void AddToSum(ref long sumBits, double value)
    {
        long seen;
        long next;
        do
        {
            seen = Volatile.Read(ref sumBits);
            next = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(seen) + value);
        }
        while (Interlocked.CompareExchange(ref sumBits, next, seen) != seen);
    }

    private sealed class Buckets(int count)
    {
        public readonly long[] Counts = new long[count];
        public long SumBits;
    }
}
