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
    /// For all calls of one container together, so overruns and busy isolation threads cannot add up
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
        var run = new ContainerRun(container, context, snapshot, StopwatchTime.DeadlineAfter(TotalBudget), cancellationToken);
        // One collector serves every matcher that runs inline: it is done before the next starts.
        PlanCollector? inlineCollector = null;
        IsolatedCalls? isolated = null;
        List<HookOrigin>? mutatedBy = null;
        foreach (var entry in snapshot.Matchers)
        {
            if (IsIsolated(entry.Origin))
            {
                AddIsolated(ref isolated, snapshot, new MatcherStep(entry), entry.Origin, mutates: false);
                continue;
            }
            plan = RunIsolated(run, isolated, plan, ref mutatedBy);
            var collector = (inlineCollector ??= new PlanCollector(entry.Origin)).Restart(entry.Origin);
            if (CallInline(run, entry.Origin, new MatcherCall(entry.Matcher, context, collector)))
            {
                collector.MoveTo(plan);
            }
        }
        foreach (var entry in snapshot.Mutators)
        {
            if (IsIsolated(entry.Origin))
            {
                AddIsolated(ref isolated, snapshot, new MutatorStep(entry), entry.Origin, mutates: true);
                continue;
            }
            plan = RunIsolated(run, isolated, plan, ref mutatedBy);
            var draft = Copy(plan);
            if (CallInline(run, entry.Origin, new MutatorCall(entry.Mutator, context, draft)))
            {
                if (!PlanComparison.Same(plan, draft))
                {
                    (mutatedBy ??= []).Add(entry.Origin);
                }
                plan = draft;
            }
        }
        plan = RunIsolated(run, isolated, plan, ref mutatedBy);
        return new SourcePipelineResult(plan, mutatedBy ?? (IReadOnlyList<HookOrigin>)[]);
    }

    /// <summary>Scripts and extensions run on an isolation thread within their budget; the plugin's own rules run inline.</summary>
    private static bool IsIsolated(HookOrigin origin) => origin.Kind is HookSourceKind.Script or HookSourceKind.Extension;

    private static void AddIsolated(ref IsolatedCalls? isolated, PipelineSnapshot snapshot, ISequenceStep<ContainerContext, InjectionPlan> step, HookOrigin origin, bool mutates)
    {
        // Only a call on an isolation thread can overrun, so only those can be quarantined.
        if (!snapshot.Quarantined.ContainsKey(origin))
        {
            (isolated ??= new IsolatedCalls()).Add(step, origin, mutates);
        }
    }

    private bool CallInline<TCall>(in ContainerRun run, HookOrigin origin, TCall call)
        where TCall : ISourceCall
    {
        var outcome = Stopwatch.GetTimestamp() >= run.StartDeadline
            ? CallOutcome.NotStarted
            : BudgetedCall.Inline(call, run.CancellationToken);
        if (outcome.Result == CallResult.Completed)
        {
            return true;
        }
        Report(run, origin, outcome);
        return false;
    }

    /// <summary>
    /// Runs the gathered script and extension calls, in order, on an isolation thread. When one overruns,
    /// the rest go on from the plan as it was before it, without any other call of the same code.
    /// </summary>
    private InjectionPlan RunIsolated(in ContainerRun run, IsolatedCalls? isolated, InjectionPlan plan, ref List<HookOrigin>? mutatedBy)
    {
        if (isolated is null || isolated.Count == 0)
        {
            return plan;
        }
        var abandonedAny = false;
        while (isolated.Count > 0)
        {
            var results = BudgetedSequence.Run(isolated.Steps, run.Context, plan, CallBudget, run.StartDeadline, run.CancellationToken);
            HookOrigin? abandoned = null;
            for (var index = 0; index < results.Count; index++)
            {
                var (origin, mutates) = isolated.CallerAt(index);
                var result = results[index];
                if (result.Outcome.Result != CallResult.Completed)
                {
                    Report(run, origin, result.Outcome);
                    abandoned = result.Outcome.Result == CallResult.TimedOut ? origin : abandoned;
                }
                else if (mutates && !PlanComparison.Same(result.Before, result.After))
                {
                    (mutatedBy ??= []).Add(origin);
                }
                plan = result.After;
            }
            isolated.RemoveFirst(results.Count);
            if (abandoned is not null)
            {
                abandonedAny = true;
                isolated.RemoveAll(abandoned);
            }
        }
        // An abandoned call may still be reading the plan it was given: later inline calls edit a copy.
        return abandonedAny ? Copy(plan) : plan;
    }

    private void Report(in ContainerRun run, HookOrigin origin, CallOutcome outcome)
    {
        switch (outcome.Result)
        {
            case CallResult.TimedOut:
                run.Snapshot.Quarantined.TryAdd(origin, "overran its time budget");
                LogTimedOut(run.Container, origin, CallBudget.TotalMilliseconds);
                break;
            case CallResult.NotStarted:
                LogOverBudget(run.Container, origin);
                break;
            default:
                LogFailed(run.Container, origin, outcome.Error!);
                break;
        }
        counters.Record(origin, outcome.Result);
    }

    /// <summary>What every call for one container shares.</summary>
    private readonly record struct ContainerRun(string Container, ContainerContext Context, PipelineSnapshot Snapshot, long StartDeadline, CancellationToken CancellationToken);

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
