using System.Globalization;
using HookInjector.ServingBench;
using HookInjector.ServingBench.Measurement;

// The NRI runtime's side for any plugin executable: see bench/serving/README.md. run.sh prepares
// the hook files, the rule scripts (with write-rule-scripts) and the private mount namespace; this
// measures and prints the table.
ServingOptions options;
try
{
    if (args is [RuleScriptsCommand.Name, var directory, var count])
    {
        return RuleScriptsCommand.Run(directory, count);
    }
    if (args is [RepliesCommand.Name, var executable, var cases, .. var config] && config.Length <= 1)
    {
        return await RepliesCommand.RunAsync(executable, cases, config.FirstOrDefault(), CancellationToken.None);
    }
    options = ServingOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    await Console.Error.WriteLineAsync($"serving-bench: {e.Message}");
    return 2;
}

using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopping.Cancel();
};

var results = new List<ServingResult>();
try
{
    foreach (var plugin in options.Plugins)
    {
        var (configure, everyHook) = await ServingRun.WarmUpAsync(plugin, stopping.Token);
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"serving-bench: warm-up {plugin.Label}: configured in {configure.TotalMilliseconds:0} ms, every hook injected {everyHook.TotalMilliseconds:0} ms after Configure was sent (not measured)"));
    }

    // Plugins take turns within each run, so a change in the machine's load touches all of them.
    for (var run = 1; run <= options.Runs; run++)
    {
        foreach (var plugin in options.Plugins)
        {
            var result = await ServingRun.MeasureAsync(plugin, options, stopping.Token);
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"serving-bench: run {run}/{options.Runs} {plugin.Label}: registered after {result.StartupMilliseconds:0} ms, configured in {result.ConfigureMilliseconds:0} ms, p50 {result.Latencies.P50:0} µs, CPU {result.CpuMicrosecondsPerCall:0} µs a call, peak {result.PeakKilobytes} kB, {(result.WorkerPeakKilobytes is { } worker ? $"worker peak {worker} kB, worker CPU {result.WorkerCpuMicrosecondsPerCall:0} µs a call" : "no worker")}"));
            results.Add(result);
        }
    }
}
catch (Exception e) when (e is InvalidOperationException or HookInjector.Host.Transport.Ttrpc.TtrpcException)
{
    await Console.Error.WriteLineAsync($"serving-bench: {e.Message}");
    return 1;
}

Console.Write(ResultTable.Format(options.Plugins, results));
return 0;
