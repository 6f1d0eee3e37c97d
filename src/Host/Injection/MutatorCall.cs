using HookInjector.Abstractions;
using HookInjector.Host.Injection.Isolation;

namespace HookInjector.Host.Injection;

/// <summary>One mutator editing a draft of one container's plan.</summary>
internal readonly struct MutatorCall(IPlanMutator mutator, ContainerContext context, InjectionPlan draft) : ISourceCall
{
    public void Invoke(CancellationToken cancellationToken) => mutator.Mutate(context, draft, cancellationToken);
}
