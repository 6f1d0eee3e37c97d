using HookInjector.Abstractions;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Metrics;
using HookInjector.Host.Worker;
using HookInjector.Host.Worker.Protocol;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Injection;

/// <summary>
/// Runs the sources after hooks.d: the daemon's own YAML rules inline, then every script and
/// extension call of the container in one request to the worker process, within one budget. A call
/// that throws is skipped for this container, logged with its name and counted; when the worker
/// cannot answer in time the container gets everything else, and that is logged and counted too.
/// </summary>
internal sealed partial class SourcePipeline
{
    /// <summary>
    /// For the worker's part of one container, waiting for a worker being started included: far
    /// inside the runtime's request timeout (2 s by default).
    /// </summary>
    public static readonly TimeSpan WorkerBudget = TimeSpan.FromSeconds(1);

    private readonly HookSourcesRunner sources;
    private readonly WorkerSupervisor? worker;
    private readonly ILogger logger;
    private readonly HookInjectorMetrics? metrics;

    public SourcePipeline(HookSourcesRunner sources, ILogger<SourcePipeline> logger, WorkerSupervisor? worker = null, HookInjectorMetrics? metrics = null)
    {
        this.sources = sources;
        this.worker = worker;
        this.logger = logger;
        this.metrics = metrics;
    }

    /// <summary>
    /// Adds the sources' hooks to the plan and lets the mutators edit it; returns the resulting plan
    /// and the mutators that changed it.
    /// </summary>
    public async ValueTask<SourcePipelineResult> RunAsync(string container, ContainerContext context, InjectionPlan plan, CancellationToken cancellationToken)
    {
        var snapshot = sources.Current;
        List<HookOrigin>? mutatedBy = null;
        foreach (var entry in snapshot.Matchers)
        {
            var collector = new PlanCollector(entry.Origin);
            if (Call(container, entry.Origin, () => entry.Matcher.AddHooks(context, collector, cancellationToken), cancellationToken))
            {
                collector.MoveTo(plan);
            }
        }
        if (worker is not null && snapshot.WorkerCalls.Length > 0)
        {
            plan = await RunInWorkerAsync(worker, container, context, plan, snapshot, mutatedBy ??= [], cancellationToken).ConfigureAwait(false);
        }
        foreach (var entry in snapshot.Mutators)
        {
            var draft = Copy(plan);
            if (Call(container, entry.Origin, () => entry.Mutator.Mutate(context, draft, cancellationToken), cancellationToken))
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

    private async Task<InjectionPlan> RunInWorkerAsync(WorkerSupervisor worker, string container, ContainerContext context, InjectionPlan plan, PipelineSnapshot snapshot, List<HookOrigin> mutatedBy, CancellationToken cancellationToken)
    {
        var calls = snapshot.WorkerCalls.Where(call => !worker.IsQuarantined(call.Id)).ToList();
        if (calls.Count == 0)
        {
            return plan;
        }
        var run = await worker.RunAsync(context, plan, calls, trace: false, WorkerBudget, cancellationToken).ConfigureAwait(false);
        if (run.Unavailable is { } reason)
        {
            LogWithoutWorker(container, reason);
            metrics?.ContainerWithoutWorker();
            return plan;
        }
        for (var index = 0; index < calls.Count; index++)
        {
            var (call, result) = (calls[index], run.Results[index]);
            switch (result.Status)
            {
                case CallStatus.Failed:
                    LogFailed(container, call.Origin, result.Error);
                    metrics?.SourceFailed(call.Origin, "exception");
                    break;
                case CallStatus.NotLoaded:
                    LogNotLoaded(container, call.Origin);
                    metrics?.SourceFailed(call.Origin, "not_loaded");
                    break;
                case CallStatus.Completed when result.Changed:
                    mutatedBy.Add(call.Origin);
                    break;
            }
        }
        return run.Plan;
    }

    /// <summary>Calls one of the daemon's own matchers or mutators; they do not loop or hang, but may throw.</summary>
    private bool Call(string container, HookOrigin origin, Action call, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            // The runtime gave up on this container: nothing more is started for it.
            return false;
        }
        try
        {
            call();
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(container, origin, e.Message);
            metrics?.SourceFailed(origin, "exception");
            return false;
        }
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

    [LoggerMessage(Level = LogLevel.Error, Message = "{Container}: {Origin} failed and is skipped for this container: {Error}")]
    private partial void LogFailed(string container, HookOrigin origin, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Container}: {Origin} is being reloaded in the worker; skipped for this container")]
    private partial void LogNotLoaded(string container, HookOrigin origin);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Container}: no script or extension hooks: {Reason}; the container gets its hooks.d and rule hooks")]
    private partial void LogWithoutWorker(string container, string reason);
}
