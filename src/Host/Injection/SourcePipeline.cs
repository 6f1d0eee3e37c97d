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

    /// <summary>
    /// Adds the sources' hooks to the plan and lets the mutators edit it; returns the resulting plan
    /// and the mutators that changed it.
    /// </summary>
    public SourcePipelineResult Run(string container, ContainerContext context, InjectionPlan plan, CancellationToken cancellationToken)
    {
        var snapshot = sources.Current;
        var started = Stopwatch.GetTimestamp();
        // One collector serves every matcher that runs inline: it is done before the next starts.
        PlanCollector? inlineCollector = null;
        foreach (var entry in snapshot.Matchers)
        {
            var collector = IsIsolated(entry.Origin)
                ? new PlanCollector(entry.Origin)
                : (inlineCollector ??= new PlanCollector(entry.Origin)).Restart(entry.Origin);
            if (Call(container, snapshot, entry.Origin, new MatcherCall(entry.Matcher, context, collector), started, cancellationToken))
            {
                collector.MoveTo(plan);
            }
        }
        List<HookOrigin>? mutatedBy = null;
        foreach (var entry in snapshot.Mutators)
        {
            var draft = Copy(plan);
            if (Call(container, snapshot, entry.Origin, new MutatorCall(entry.Mutator, context, draft), started, cancellationToken))
            {
                if (!PlanComparison.Same(plan, draft))
                {
                    (mutatedBy ??= []).Add(entry.Origin);
                }
                plan = draft;
            }
        }
        return new SourcePipelineResult(plan, mutatedBy ?? (IReadOnlyList<HookOrigin>)[]);
    }

    /// <summary>Scripts and extensions run on a pool thread within their budget; the plugin's own rules run inline.</summary>
    private static bool IsIsolated(HookOrigin origin) => origin.Kind is HookSourceKind.Script or HookSourceKind.Extension;

    private bool Call<TCall>(string container, PipelineSnapshot snapshot, HookOrigin origin, TCall call, long started, CancellationToken cancellationToken)
        where TCall : ISourceCall
    {
        var isolated = IsIsolated(origin);
        // Only a call on a pool thread can overrun, so only those can be quarantined.
        if (isolated && snapshot.Quarantined.ContainsKey(origin))
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

        var outcome = isolated
            ? BudgetedCall.Isolated(call, CallBudget, remaining, cancellationToken)
            : BudgetedCall.Inline(call, cancellationToken);
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
