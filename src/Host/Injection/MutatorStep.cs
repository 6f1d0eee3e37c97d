using HookInjector.Abstractions;
using HookInjector.Host.Injection.Isolation;
using HookInjector.Host.Injection.Sources;

namespace HookInjector.Host.Injection;

/// <summary>A mutator run in a budgeted sequence: it edits a draft, so the plan it was given stays as it was.</summary>
internal sealed class MutatorStep(MutatorEntry entry) : ISequenceStep<ContainerContext, InjectionPlan>
{
    public InjectionPlan Run(ContainerContext argument, InjectionPlan input, CancellationToken cancellationToken)
    {
        var draft = SourcePipeline.Copy(input);
        new MutatorCall(entry.Mutator, argument, draft).Invoke(cancellationToken);
        return draft;
    }
}
