using System.Collections.Immutable;
using HookInjector.Abstractions;
using HookInjector.Host.Injection;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Rules.Yaml.Matching;
using HookInjector.Host.Worker;
using HookInjector.Host.Worker.Protocol;

namespace HookInjector.Host.Tools.Explain;

/// <summary>
/// Runs the rules, scripts and extensions on a container as the plugin's pipeline does (the
/// daemon's rules inline, then every script and extension call in one request to the worker),
/// recording what each one did. The worker gets a generous budget: explain runs once, often with
/// a cold JIT, where the plugin's tight budget would report false failures.
/// </summary>
internal static class PipelineExplainer
{
    public static readonly TimeSpan WorkerBudget = TimeSpan.FromSeconds(30);

    public static async Task<(InjectionPlan Plan, ImmutableArray<CandidateVerdict> Verdicts)> RunAsync(
        PipelineSnapshot sources, WorkerSupervisor? worker, ContainerContext context, InjectionPlan plan, Func<WorkerCall, string> locate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(locate);
        var verdicts = ImmutableArray.CreateBuilder<CandidateVerdict>();
        foreach (var entry in sources.Matchers)
        {
            var collector = new PlanCollector(entry.Origin);
            try
            {
                entry.Matcher.AddHooks(context, collector, cancellationToken);
                collector.MoveTo(plan);
                verdicts.Add(entry.Matcher is CompiledRule rule
                    ? RuleVerdictOf(entry.Origin, rule, context)
                    : new CandidateVerdict(entry.Origin, entry.Origin.Name, CandidateResult.Matched, "ran", []));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                verdicts.Add(new CandidateVerdict(entry.Origin, entry.Origin.Name, CandidateResult.Failed, $"failed, skipped for this container: {e.Message}", []));
            }
        }
        if (worker is null || sources.WorkerCalls.IsEmpty)
        {
            return (plan, verdicts.ToImmutable());
        }
        var calls = sources.WorkerCalls;
        var run = await worker.RunAsync(context, plan, calls, trace: true, WorkerBudget, cancellationToken).ConfigureAwait(false);
        if (run.Unavailable is { } reason)
        {
            verdicts.AddRange(calls.Select(call => new CandidateVerdict(call.Origin, locate(call), CandidateResult.Failed, $"not run: {reason}", [])));
            return (plan, verdicts.ToImmutable());
        }
        var before = plan;
        for (var index = 0; index < calls.Length; index++)
        {
            var (call, result) = (calls[index], run.Results[index]);
            var after = result.PlanAfter is null ? before : WorkerMessages.ToPlan(result.PlanAfter);
            verdicts.Add(Verdict(call, locate(call), result, before, after));
            before = after;
        }
        return (run.Plan, verdicts.ToImmutable());
    }

    private static CandidateVerdict RuleVerdictOf(HookOrigin origin, CompiledRule rule, ContainerContext context)
    {
        var verdict = rule.Explain(context);
        var deciding = verdict.Matched ? verdict.Conditions : verdict.Conditions.Where(condition => !condition.Passed).ToImmutableArray();
        var reason = deciding.IsEmpty ? "no condition: matches every container" : string.Join("; ", deciding.Select(condition => condition.ToString()));
        return new CandidateVerdict(origin, rule.Location.ToString(), verdict.Matched ? CandidateResult.Matched : CandidateResult.NotMatched, reason, verdict.Conditions);
    }

    private static CandidateVerdict Verdict(WorkerCall call, string location, CallResult result, InjectionPlan before, InjectionPlan after)
    {
        if (result.Status == CallStatus.Failed)
        {
            return new(call.Origin, location, CandidateResult.Failed, $"failed, skipped for this container: {result.Error}", []);
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
}
