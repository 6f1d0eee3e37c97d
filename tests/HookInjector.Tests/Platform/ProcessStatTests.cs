using System.Diagnostics;
using HookInjector.Host.Platform;

namespace HookInjector.Tests.Platform;

public sealed class ProcessStatTests
{
    [Fact]
    public void Reads_a_child_whose_command_name_holds_spaces_and_parentheses_and_finds_it_among_the_children()
    {
        // The kernel takes the name from the file: "x) S 1 (y" would shift every field for a reader that splits at
        // the first ')'.
        var directory = Directory.CreateTempSubdirectory("hook-injector-stat-");
        var sleeper = Path.Combine(directory.FullName, "x) S 1 (y");
        File.Copy("/bin/sleep", sleeper);
        using var child = Process.Start(new ProcessStartInfo(sleeper, "30")) ?? throw new InvalidOperationException("not started");
        try
        {
            var fields = ProcessStat.Read(child.Id);

            Assert.NotNull(fields);
            Assert.Equal(Environment.ProcessId, fields.Value.Parent);
            Assert.True(fields.Value.IsRunning);
            Assert.Contains(child.Id, ProcessStat.Children(Environment.ProcessId));
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
            directory.Delete(recursive: true);
        }
        Assert.Null(ProcessStat.Read(child.Id));
        Assert.DoesNotContain(child.Id, ProcessStat.Children(Environment.ProcessId));
    }

    [Fact]
    public void Counts_the_cpu_time_this_process_spends()
    {
        var before = ProcessStat.CpuTime(Environment.ProcessId);
        Assert.NotNull(before);
        var spinning = Stopwatch.StartNew();
        TimeSpan? after;
        // Spins until the count moves (it moves in 10 ms ticks); the bound only keeps a broken reader from spinning for good.
        while ((after = ProcessStat.CpuTime(Environment.ProcessId)) <= before && spinning.Elapsed < TimeSpan.FromSeconds(60))
        {
            Thread.SpinWait(10_000);
        }

        Assert.True(after > before, $"{after} after {spinning.Elapsed} of spinning, {before} before");
    }
}
