using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace HookInjector.Benchmarks;

/// <summary>
/// Adds the spread to the summary: the tail, because a container waits on the slow calls, not the
/// mean; and the minimum, the figure least disturbed when other work shares the machine.
/// </summary>
public class PercentilesConfig : ManualConfig
{
    public PercentilesConfig() => AddColumn(StatisticColumn.Min, StatisticColumn.P50, StatisticColumn.P95, new PercentileColumn(99), StatisticColumn.Max);
}
