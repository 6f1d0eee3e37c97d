using System.Collections.Immutable;
using Google.Protobuf;
using HookInjector.Abstractions;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.OciHooks.Matching;
using HookInjector.Host.OciHooks.Selection;
using HookInjector.Host.Rules.Yaml.Matching;
using HookInjector.Host.State;
using HookInjector.Host.Worker;
using HookInjector.Host.Worker.Protocol;
using NriHooks = HookInjector.Host.Nri.Api.Hooks;
using PlannedHook = HookInjector.Abstractions.PlannedHook;

namespace HookInjector.Host.Injection;

/// <summary>
/// The plugin's one decision: which hooks a container gets, from one <see cref="PluginState"/>.
/// hooks.d first, with the Hook Manager's semantics and the inputs the Go NRI plugin builds
/// (container annotations overlaid by the pod's, the container's arguments, hasBindMounts); then the
/// daemon's YAML rules; then every script and extension call in one request to the worker, within
/// one budget (sent first, and run while the daemon decides the rest, when it holds only matchers);
/// then the in-process mutators; then the duplicates are removed. The NRI handler and
/// <c>explain</c> both call it; on request it records why each candidate did or did not apply, and
/// <c>explain</c> only renders that record.
/// </summary>
internal static class ContainerDecision
{
    /// <summary>Why a container decided with a state whose scripts and extensions are still loading gets none of them.</summary>
    public const string StillLoading = "the scripts and extensions are still loading";

    /// <param name="createContainerRequest">
    /// The runtime's CreateContainer request <paramref name="context"/> was read from, if any: the worker
    /// is sent it as it came rather than the context encoded again.
    /// </param>
    public static async ValueTask<Decision> DecideAsync(
        PluginState state, WorkerSupervisor? worker, ContainerContext context, ByteString? createContainerRequest, NriHooks? existing, bool trace, TimeSpan workerBudget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(context);
        var candidates = trace ? ImmutableArray.CreateBuilder<CandidateVerdict>() : null;
        var failures = ImmutableArray.CreateBuilder<SourceFailure>();
        var plan = new InjectionPlan();
        var sources = state.Sources;
        var early = StartInWorker(worker, context, createContainerRequest, sources.WorkerCalls, trace, workerBudget, cancellationToken);

        var mounts = context.Container.Mounts;
        var hasBindMounts = BindMountDetector.HasBindMounts(mounts, state.Settings.BindMounts);
        var input = HookMatchInput.ForContainer(context.Container.Args, context.Container.Annotations, context.Pod.Annotations, hasBindMounts);
        var selection = state.Hooks.Select(input);
        if (selection.Error is { } error)
        {
            if (early is not null)
            {
                // The container fails; the worker's answer is of no use, but the next container waits for it anyway.
                await ((Task)early.Value.Run).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            return new Decision(plan, [], selection.Warnings, error, [], null, null);
        }
        selection.AddTo(plan);
        var bindMountsReason = trace ? BindMountDetector.Describe(mounts, state.Settings.BindMounts) : "";
        candidates?.AddRange(HooksDirectoryVerdicts(state.Hooks, selection, input, bindMountsReason));

        List<HookOrigin>? mutatedBy = null;
        foreach (var entry in sources.Matchers)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                // The runtime gave up on this container: nothing more is started for it.
                break;
            }
            var collector = new PlanCollector(entry.Origin);
            try
            {
                entry.Matcher.AddHooks(context, collector, cancellationToken);
                collector.MoveTo(plan);
                candidates?.Add(entry.Matcher is CompiledRule rule
                    ? RuleVerdict(entry.Origin, rule, context)
                    : new CandidateVerdict(entry.Origin, entry.Origin.Name, CandidateResult.Matched, "ran", []));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures.Add(new SourceFailure(entry.Origin, SourceFailure.Exception, e.Message));
                candidates?.Add(Failed(entry.Origin, entry.Origin.Name, e.Message));
            }
        }

        // Scripts and extensions still loading have no calls yet: the container gets none of them, as without a worker.
        var withoutWorker = state.WorkerSourcesLoading is null ? null : StillLoading;
        if (worker is not null && !sources.WorkerCalls.IsEmpty)
        {
            (plan, withoutWorker) = await RunInWorkerAsync(worker, context, createContainerRequest, plan, early, sources.WorkerCalls, state, trace, workerBudget, failures, candidates, mutatedBy ??= [], cancellationToken).ConfigureAwait(false);
        }

        foreach (var entry in sources.Mutators)
        {
            var draft = PlanChange.Copy(plan);
            try
            {
                entry.Mutator.Mutate(context, draft, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures.Add(new SourceFailure(entry.Origin, SourceFailure.Exception, e.Message));
                candidates?.Add(Failed(entry.Origin, entry.Origin.Name, e.Message));
                continue;
            }
            if (!PlanChange.Same(plan, draft))
            {
                (mutatedBy ??= []).Add(entry.Origin);
            }
            if (candidates is not null)
            {
                var change = PlanChange.Describe(plan, draft);
                candidates.Add(new CandidateVerdict(entry.Origin, entry.Origin.Name, change is null ? CandidateResult.NotMatched : CandidateResult.Matched, change ?? "left the plan unchanged", []));
            }
            plan = draft;
        }

        var dropped = PlanDeduplicator.Apply(plan, existing);
        return new Decision(plan, mutatedBy ?? [], selection.Warnings, null, failures.ToImmutable(), withoutWorker,
            candidates is null ? null : new DecisionTrace(hasBindMounts, bindMountsReason, candidates.ToImmutable(), dropped));
    }

    /// <summary>
    /// Sends the container's script and extension calls to the worker at once when they are all
    /// matchers: matchers only add hooks, so they need nothing decided here, and the worker runs them
    /// while hooks.d and the YAML rules are decided. Their hooks are then appended after the others in
    /// each stage, as if they had run after them. Null when there is nothing to send, or the request
    /// must carry the plan so far (<see cref="WorkerSupervisor.SendsPlan"/>: a mutator, or a trace).
    /// </summary>
    private static (List<WorkerCall> Calls, Task<WorkerRun> Run)? StartInWorker(
        WorkerSupervisor? worker, ContainerContext context, ByteString? createContainerRequest, ImmutableArray<WorkerCall> all, bool trace, TimeSpan budget, CancellationToken cancellationToken)
    {
        if (worker is null || all.IsEmpty || WorkerSupervisor.SendsPlan(all, trace))
        {
            return null;
        }
        var calls = worker.Runnable(all);
        return calls.Count == 0 ? null : (calls, worker.RunAsync(WorkerMessages.ContainerBytes(context, createContainerRequest), new InjectionPlan(), calls, trace: false, budget, cancellationToken));
    }

    private static async Task<(InjectionPlan Plan, string? Unavailable)> RunInWorkerAsync(
        WorkerSupervisor worker, ContainerContext context, ByteString? createContainerRequest, InjectionPlan plan, (List<WorkerCall> Calls, Task<WorkerRun> Run)? early, ImmutableArray<WorkerCall> all, PluginState state, bool trace, TimeSpan budget,
        ImmutableArray<SourceFailure>.Builder failures, ImmutableArray<CandidateVerdict>.Builder? candidates, List<HookOrigin> mutatedBy, CancellationToken cancellationToken)
    {
        if (early is { } started)
        {
            var ran = await started.Run.ConfigureAwait(false);
            if (ran.Unavailable is { } why)
            {
                return (plan, why);
            }
            AddFailures(started.Calls, ran.Results, failures, mutatedBy);
            return (WorkerSupervisor.Appended(plan, ran.Plan), null);
        }
        var calls = worker.Runnable(all);
        if (candidates is not null)
        {
            foreach (var call in all.Where(call => worker.IsQuarantined(call.Id)))
            {
                candidates.Add(new CandidateVerdict(call.Origin, Locate(call, state), CandidateResult.Failed, "quarantined: it took the worker down twice; it runs again once its file changes", []));
            }
        }
        if (calls.Count == 0)
        {
            return (plan, null);
        }
        var run = await worker.RunAsync(WorkerMessages.ContainerBytes(context, createContainerRequest), plan, calls, trace, budget, cancellationToken).ConfigureAwait(false);
        if (run.Unavailable is { } reason)
        {
            candidates?.AddRange(calls.Select(call => new CandidateVerdict(call.Origin, Locate(call, state), CandidateResult.Failed, $"not run: {reason}", [])));
            return (plan, reason);
        }
        AddFailures(calls, run.Results, failures, mutatedBy);
        if (candidates is not null)
        {
            var before = plan;
            for (var index = 0; index < calls.Count; index++)
            {
                var (call, result) = (calls[index], run.Results[index]);
                var after = result.PlanAfter is null ? before : WorkerMessages.ToPlan(result.PlanAfter);
                candidates.Add(WorkerVerdict(call, Locate(call, state), result, before, after));
                before = after;
            }
        }
        return (run.Plan, null);
    }

    /// <summary>The calls that failed or were not loaded, and the mutators that changed the plan, from one run's results.</summary>
    private static void AddFailures(List<WorkerCall> calls, IReadOnlyList<CallResult> results, ImmutableArray<SourceFailure>.Builder failures, List<HookOrigin> mutatedBy)
    {
        for (var index = 0; index < calls.Count; index++)
        {
            var (call, result) = (calls[index], results[index]);
            switch (result.Status)
            {
                case CallStatus.Failed:
                    failures.Add(new SourceFailure(call.Origin, SourceFailure.Exception, result.Error));
                    break;
                case CallStatus.NotLoaded:
                    failures.Add(new SourceFailure(call.Origin, SourceFailure.NotLoaded, "is being reloaded in the worker"));
                    break;
                case CallStatus.Completed when result.Changed:
                    mutatedBy.Add(call.Origin);
                    break;
            }
        }
    }

    /// <summary>Every hooks.d file in evaluation order: the outcome is the selection's, the reason walks the conditions Go evaluates.</summary>
    private static IEnumerable<CandidateVerdict> HooksDirectoryVerdicts(HookCatalog catalog, HookSelection selection, HookMatchInput input, string bindMountsReason)
    {
        var matched = selection.MatchedFileNames.ToHashSet(StringComparer.Ordinal);
        foreach (var hook in catalog.Hooks)
        {
            var (result, reason, conditions) = HookConditionTrace.Explain(hook.When, input, bindMountsReason);
            if (result != CandidateResult.Unknown)
            {
                result = matched.Contains(hook.FileName) ? CandidateResult.Matched : CandidateResult.NotMatched;
            }
            if (result == CandidateResult.Matched && hook.Stages.IsEmpty)
            {
                reason += "; the file lists no stage, so nothing is injected";
            }
            yield return new CandidateVerdict(hook.Planned.Origin, hook.SourcePath, result, reason, conditions);
        }
    }

    private static CandidateVerdict RuleVerdict(HookOrigin origin, CompiledRule rule, ContainerContext context)
    {
        var verdict = rule.Explain(context);
        var deciding = verdict.Matched ? verdict.Conditions : verdict.Conditions.Where(condition => !condition.Passed).ToImmutableArray();
        var reason = deciding.IsEmpty ? "no condition: matches every container" : string.Join("; ", deciding.Select(condition => condition.ToString()));
        return new CandidateVerdict(origin, rule.Location.ToString(), verdict.Matched ? CandidateResult.Matched : CandidateResult.NotMatched, reason, verdict.Conditions);
    }

    private static CandidateVerdict WorkerVerdict(WorkerCall call, string location, CallResult result, InjectionPlan before, InjectionPlan after)
    {
        if (result.Status == CallStatus.Failed)
        {
            return Failed(call.Origin, location, result.Error);
        }
        if (result.Status == CallStatus.NotLoaded)
        {
            return new(call.Origin, location, CandidateResult.Failed, "was not loaded in the worker", []);
        }
        if (call.Mutates)
        {
            var change = PlanChange.Describe(before, after);
            return new(call.Origin, location, change is null ? CandidateResult.NotMatched : CandidateResult.Matched, change ?? "left the plan unchanged", []);
        }
        var added = after.Entries().Count() - before.Entries().Count();
        return added > 0
            ? new(call.Origin, location, CandidateResult.Matched, added == 1 ? "added 1 hook" : $"added {added} hooks", [])
            : new(call.Origin, location, CandidateResult.NotMatched, "added no hook", []);
    }

    private static CandidateVerdict Failed(HookOrigin origin, string location, string error) =>
        new(origin, location, CandidateResult.Failed, $"failed, skipped for this container: {error}", []);

    private static string Locate(WorkerCall call, PluginState state) => call.Origin.Kind == HookSourceKind.Script
        ? Path.Join(state.Settings.RulesDir, call.Origin.Name)
        : state.Settings.ExtensionsDir;
}

/// <summary>
/// What <see cref="ContainerDecision"/> decided for one container: the hooks in final order, the
/// mutators that changed them, what went wrong on the way (nothing of it fails the container, except
/// <see cref="Error"/>), and, when asked for, the trace of every candidate.
/// </summary>
/// <param name="Error">Set when the container must fail (Go's strict matching); the plan is then empty.</param>
/// <param name="WithoutWorker">Why the scripts and extensions did not run for this container, if they did not.</param>
internal sealed record Decision(
    InjectionPlan Plan,
    IReadOnlyList<HookOrigin> MutatedBy,
    ImmutableArray<HookSelectionWarning> Warnings,
    string? Error,
    ImmutableArray<SourceFailure> Failures,
    string? WithoutWorker,
    DecisionTrace? Trace);

/// <summary>A rule, script or extension skipped for one container; <see cref="Result"/> is the metrics label.</summary>
internal sealed record SourceFailure(HookOrigin Origin, string Result, string Message)
{
    public const string Exception = "exception";
    public const string NotLoaded = "not_loaded";
}

/// <summary>Why a container gets the hooks it gets: its hasBindMounts input, every candidate's verdict in pipeline order, and the duplicates dropped.</summary>
internal sealed record DecisionTrace(bool HasBindMounts, string BindMountsReason, ImmutableArray<CandidateVerdict> Candidates, ImmutableArray<DroppedHook> Dropped);

/// <summary>
/// Why one source did or did not give a container hooks: its origin, where it is written, the
/// outcome, the deciding reason, and every condition evaluated on the way (in evaluation order).
/// </summary>
internal sealed record CandidateVerdict(HookOrigin Origin, string Location, CandidateResult Result, string Reason, ImmutableArray<ConditionVerdict> Conditions);

/// <summary>What one hook file, rule, script or extension did for a container.</summary>
internal enum CandidateResult
{
    /// <summary>Its condition held (a script or extension added at least one hook; a mutator changed the plan).</summary>
    Matched,

    /// <summary>Its condition did not hold (a script or extension added nothing; a mutator left the plan as it was).</summary>
    NotMatched,

    /// <summary>Not enough is known to decide (a <c>commands</c> condition on a container without arguments).</summary>
    Unknown,

    /// <summary>It threw, overran its time or was left out by the plugin; the container gets nothing from it.</summary>
    Failed,
}

/// <summary>A hook a source planned that the container does not get twice: an identical one from <see cref="KeptFrom"/> comes first (null: the container has it already).</summary>
internal sealed record DroppedHook(HookStage Stage, PlannedHook Hook, HookOrigin? KeptFrom);
