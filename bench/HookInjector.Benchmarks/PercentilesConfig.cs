using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace HookInjector.Benchmarks;

/// <summary>Adds the tail of the distribution to the summary: a container waits on the slow calls, not the mean.</summary>
public class PercentilesConfig : ManualConfig
{
    public PercentilesConfig() => AddColumn(StatisticColumn.P50, StatisticColumn.P95, new PercentileColumn(99), StatisticColumn.Max);
}
