using HookInjector.Abstractions;
using HookInjector.Host.Injection.Isolation;
using HookInjector.Host.Injection.Sources;

namespace HookInjector.Host.Injection;

/// <summary>
/// A matcher run in a budgeted sequence: its hooks go to a copy of the plan, made only when it adds
/// any, so the plan it was given stays as it was.
/// </summary>
internal sealed class MatcherStep(MatcherEntry entry) : ISequenceStep<ContainerContext, InjectionPlan>
{
    public InjectionPlan Run(ContainerContext argument, InjectionPlan input, CancellationToken cancellationToken)
    {
        var collector = new PlanCollector(entry.Origin);
        new MatcherCall(entry.Matcher, argument, collector).Invoke(cancellationToken);
        if (collector.IsEmpty)
        {
            return input;
        }
        var plan = SourcePipeline.Copy(input);
        collector.MoveTo(plan);
        return plan;
    }
}
