using System.Diagnostics;
using HookInjector.Abstractions;
using HookInjector.Host.Injection.Isolation;
using HookInjector.Host.Injection.Sources;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Injection;

/// <summary>
/// Runs the sources after hooks.d: the matchers of rules, scripts and extensions in that order,
/// then the mutators, each within a time budget. One that throws or overruns is skipped for this
/// container, logged with its name and counted; the container still gets everything else. One that
/// overran may still be running, so it is skipped for every container until its source reloads.
/// </summary>
internal sealed partial class SourcePipeline
{
    /// <summary>Per call: far inside the runtime's request timeout (2 s by default).</summary>
    public static readonly TimeSpan CallBudget = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// For all calls of one container together, so overruns and a starved thread pool cannot add up
    /// to the request timeout; a call is started only while some of it is left.
    /// </summary>
    public static readonly TimeSpan TotalBudget = TimeSpan.FromMilliseconds(800);

    private readonly HookSourcesRunner sources;
    private readonly IsolationCounters counters;
    private readonly ILogger logger;

    public SourcePipeline(HookSourcesRunner sources, IsolationCounters counters, ILogger<SourcePipeline> logger)
    {
        this.sources = sources;
        this.counters = counters;
        this.logger = logger;
    }

    /// <summary>Adds the sources' hooks to the plan and lets the mutators edit it; returns the resulting plan.</summary>
    public InjectionPlan Run(string container, ContainerContext context, InjectionPlan plan, CancellationToken cancellationToken)
    {
        var snapshot = sources.Current;
        var started = Stopwatch.GetTimestamp();
        foreach (var entry in snapshot.Matchers)
        {
            var collector = new PlanCollector(entry.Origin);
            if (Call(container, snapshot, entry.Origin, token => entry.Matcher.AddHooks(context, collector, token), started, cancellationToken))
            {
                collector.CopyTo(plan);
            }
        }
        foreach (var entry in snapshot.Mutators)
        {
            var draft = Copy(plan);
            if (Call(container, snapshot, entry.Origin, token => entry.Mutator.Mutate(context, draft, token), started, cancellationToken))
            {
                plan = draft;
            }
        }
        return plan;
    }

    private bool Call(string container, PipelineSnapshot snapshot, HookOrigin origin, Action<CancellationToken> call, long started, CancellationToken cancellationToken)
    {
        if (snapshot.Quarantined.ContainsKey(origin))
        {
            return false;
        }
        var remaining = TotalBudget - Stopwatch.GetElapsedTime(started);
        if (remaining <= TimeSpan.Zero)
        {
            LogOverBudget(container, origin);
            counters.Record(origin, CallResult.NotStarted);
            return false;
        }

        var isolate = origin.Kind is HookSourceKind.Script or HookSourceKind.Extension;
        var outcome = BudgetedCall.Run(call, CallBudget, remaining, isolate, cancellationToken);
        switch (outcome.Result)
        {
            case CallResult.Completed:
                return true;
            case CallResult.TimedOut:
                snapshot.Quarantined.TryAdd(origin, "overran its time budget");
                LogTimedOut(container, origin, CallBudget.TotalMilliseconds);
                break;
            case CallResult.NotStarted:
                LogOverBudget(container, origin);
                break;
            default:
                LogFailed(container, origin, outcome.Error!);
                break;
        }
        counters.Record(origin, outcome.Result);
        return false;
    }

    public static InjectionPlan Copy(InjectionPlan plan)
    {
        var copy = new InjectionPlan();
        foreach (var (stage, hook) in plan.Entries())
        {
            copy.Add(stage, hook);
        }
        return copy;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Container}: {Origin} failed and is skipped for this container")]
    private partial void LogFailed(string container, HookOrigin origin, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Container}: {Origin} overran its {BudgetMs} ms budget; skipped until its source reloads")]
    private partial void LogTimedOut(string container, HookOrigin origin, double budgetMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Container}: no time left for {Origin}; skipped for this container")]
    private partial void LogOverBudget(string container, HookOrigin origin);
}
