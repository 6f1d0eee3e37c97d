using System.Collections.Immutable;
using HookInjector.Abstractions;
using HookInjector.Host.Injection;
using HookInjector.Host.Injection.Isolation;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Rules.Yaml.Matching;

namespace HookInjector.Host.Tools.Explain;

/// <summary>
/// Runs the rules, scripts and extensions on a container as the plugin's pipeline does (matchers
/// in order, then mutators on a copy of the plan), recording what each one did. Scripts and
/// extensions run isolated with a generous budget: explain runs once, often with a cold JIT,
/// where the plugin's tight per-call budget would report false timeouts.
/// </summary>
internal static class PipelineExplainer
{
    public static readonly TimeSpan CallBudget = TimeSpan.FromSeconds(10);

    public static ImmutableArray<CandidateVerdict> RunMatchers(PipelineSnapshot sources, ContainerContext context, InjectionPlan plan, Func<HookOrigin, string> locate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(locate);
        var verdicts = ImmutableArray.CreateBuilder<CandidateVerdict>();
        foreach (var entry in sources.Matchers)
        {
            var collector = new PlanCollector(entry.Origin);
            var outcome = Call(entry.Origin, new MatcherCall(entry.Matcher, context, collector), cancellationToken);
            var added = new InjectionPlan();
            if (outcome.Result == CallResult.Completed)
            {
                collector.MoveTo(added);
                foreach (var (stage, hook) in added.Entries())
                {
                    plan.Add(stage, hook);
                }
            }
            verdicts.Add(entry.Matcher is CompiledRule rule && outcome.Result == CallResult.Completed
                ? RuleVerdictOf(entry.Origin, rule, context)
                : CodeVerdict(entry.Origin, locate(entry.Origin), outcome, added.Entries().Count()));
        }
        return verdicts.ToImmutable();
    }

    public static (InjectionPlan Plan, ImmutableArray<CandidateVerdict> Verdicts) RunMutators(PipelineSnapshot sources, ContainerContext context, InjectionPlan plan, Func<HookOrigin, string> locate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(locate);
        var verdicts = ImmutableArray.CreateBuilder<CandidateVerdict>();
        foreach (var entry in sources.Mutators)
        {
            var draft = SourcePipeline.Copy(plan);
            var outcome = Call(entry.Origin, new MutatorCall(entry.Mutator, context, draft), cancellationToken);
            if (outcome.Result != CallResult.Completed)
            {
                verdicts.Add(CodeVerdict(entry.Origin, locate(entry.Origin), outcome, 0));
                continue;
            }
            var change = PlanChange.Describe(plan, draft);
            verdicts.Add(new CandidateVerdict(entry.Origin, locate(entry.Origin), change is null ? CandidateResult.NotMatched : CandidateResult.Matched, change ?? "left the plan unchanged", []));
            plan = draft;
        }
        return (plan, verdicts.ToImmutable());
    }

    private static CallOutcome Call<TCall>(HookOrigin origin, TCall call, CancellationToken cancellationToken)
        where TCall : ISourceCall =>
        origin.Kind is HookSourceKind.Script or HookSourceKind.Extension
            ? BudgetedCall.Isolated(call, CallBudget, CallBudget, cancellationToken)
            : BudgetedCall.Inline(call, cancellationToken);

    private static CandidateVerdict RuleVerdictOf(HookOrigin origin, CompiledRule rule, ContainerContext context)
    {
        var verdict = rule.Explain(context);
        var deciding = verdict.Matched ? verdict.Conditions : verdict.Conditions.Where(condition => !condition.Passed).ToImmutableArray();
        var reason = deciding.IsEmpty ? "no condition: matches every container" : string.Join("; ", deciding.Select(condition => condition.ToString()));
        return new CandidateVerdict(origin, rule.Location.ToString(), verdict.Matched ? CandidateResult.Matched : CandidateResult.NotMatched, reason, verdict.Conditions);
    }

    private static CandidateVerdict CodeVerdict(HookOrigin origin, string location, CallOutcome outcome, int added) => outcome.Result switch
    {
        CallResult.Completed when added > 0 => new(origin, location, CandidateResult.Matched, added == 1 ? "added 1 hook" : $"added {added} hooks", []),
        CallResult.Completed => new(origin, location, CandidateResult.NotMatched, "added no hook", []),
        CallResult.Failed => new(origin, location, CandidateResult.Failed, $"failed, skipped for this container: {outcome.Error?.Message}", []),
        CallResult.TimedOut => new(origin, location, CandidateResult.Failed, $"did not finish within {CallBudget.TotalSeconds:0} s", []),
        _ => new(origin, location, CandidateResult.Failed, "was not started", []),
    };
}
