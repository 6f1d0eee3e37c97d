using System.Diagnostics;

namespace HookInjector.Host.Injection.Isolation;

/// <summary>
/// Budgets on the <see cref="Stopwatch"/> clock, which every deadline of the pipeline is measured
/// on: a timestamp comparison costs no allocation and no conversion on the container path.
/// </summary>
internal static class StopwatchTime
{
    public static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    /// <summary>The timestamp <paramref name="span"/> from now.</summary>
    public static long DeadlineAfter(TimeSpan span) => Stopwatch.GetTimestamp() + Ticks(span);
}
