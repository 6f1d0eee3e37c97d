using System.Collections.Concurrent;
using HookInjector.Host.GoRegex;
using HookInjector.Host.Metrics;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.OciHooks.Selection;

/// <summary>
/// The time budget for matching one container against all of hooks.d, and the record of searches
/// it cut short. The runtime drops a plugin that does not answer CreateContainer within its request
/// timeout (2 s by default), and matching shares that time with rules, scripts and extensions, so
/// no set of patterns and annotations may hold a container past <see cref="DefaultBudget"/>. A search
/// cut short counts as no match; it is counted and warned about once per hook file and pattern, so
/// that a pod that keeps feeding a slow pattern a long annotation cannot flood the log. Only the
/// rare abandoned path touches shared state.
/// </summary>
internal sealed partial class HookPatternTimeouts
{
    /// <summary>
    /// An eighth of the runtime's 2 s request timeout. Every pattern is linear in its input: even the
    /// worst Go-valid patterns on a pod's 256 KB of annotations take a few milliseconds each, so only
    /// dozens of them at once can get here.
    /// </summary>
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromMilliseconds(250);

    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly HookInjectorMetrics? metrics;
    private readonly ConcurrentDictionary<(string HookFile, string Pattern), bool> reported = new();
    private long count;

    public HookPatternTimeouts(ILogger logger, TimeProvider? time = null, TimeSpan? budget = null, HookInjectorMetrics? metrics = null)
    {
        this.logger = logger;
        this.metrics = metrics;
        this.time = time ?? TimeProvider.System;
        Budget = budget ?? DefaultBudget;
    }

    /// <summary>The time matching one container may take.</summary>
    public TimeSpan Budget { get; }

    /// <summary>How many searches this instance has seen abandoned.</summary>
    public long Count => Interlocked.Read(ref count);

    /// <summary>Starts the budget of one container, now.</summary>
    public SearchBudget StartBudget() => SearchBudget.Start(time, Budget);

    public void Report(HookDefinition hook, GoRegexp pattern, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(hook);
        ArgumentNullException.ThrowIfNull(pattern);
        var total = Interlocked.Increment(ref count);
        metrics?.PatternSearchAbandoned();
        if (reported.TryAdd((hook.SourcePath, pattern.Pattern), true))
        {
            LogAbandoned(hook.SourcePath, pattern.Pattern, (long)elapsed.TotalMilliseconds, (long)Budget.TotalMilliseconds, total);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Hook file {HookFile}: search of pattern {Pattern} abandoned after {ElapsedMs} ms, past the container's {BudgetMs} ms budget for hooks.d matching; it counts as not matching (reported once per file and pattern; {AbandonedCount} abandoned searches so far)")]
    private partial void LogAbandoned(string hookFile, string pattern, long elapsedMs, long budgetMs, long abandonedCount);
}
