namespace HookInjector.ServingBench.Measurement;

/// <summary>Summary of one run's CreateContainer latencies, in microseconds.</summary>
internal sealed record Latencies(double First, double P50, double P95, double Max)
{
    public static Latencies Of(double[] microseconds)
    {
        if (microseconds.Length == 0)
        {
            throw new ArgumentException("no latencies were measured", nameof(microseconds));
        }
        var sorted = microseconds.Order().ToArray();
        return new Latencies(microseconds[0], Percentile(sorted, 0.50), Percentile(sorted, 0.95), sorted[^1]);
    }

    /// <summary>Nearest rank: the smallest value with at least <paramref name="fraction"/> of the values at or below it.</summary>
    private static double Percentile(double[] sorted, double fraction) =>
        sorted[Math.Max(0, (int)Math.Ceiling(fraction * sorted.Length) - 1)];
}
