using HookInjector.Abstractions;

namespace PodInfoEnv;

/// <summary>
/// Tells every planned hook which pod it runs for: sets <c>HOOK_POD_NAME</c> and
/// <c>HOOK_POD_NAMESPACE</c> in each hook's environment, replacing values already there.
/// </summary>
public sealed class PodIdentityEnvMutator : IPlanMutator
{
    /// <summary>The environment variable holding the pod's name.</summary>
    public const string PodNameVariable = "HOOK_POD_NAME";

    /// <summary>The environment variable holding the pod's namespace.</summary>
    public const string PodNamespaceVariable = "HOOK_POD_NAMESPACE";

    /// <inheritdoc />
    public string Name => "pod-identity-env";

    /// <inheritdoc />
    public void Mutate(ContainerContext context, InjectionPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(plan);
        string[] identity = [$"{PodNameVariable}={context.Pod.Name}", $"{PodNamespaceVariable}={context.Pod.Namespace}"];
        foreach (var stage in Enum.GetValues<HookStage>())
        {
            var hooks = plan[stage];
            for (var i = 0; i < hooks.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var planned = hooks[i];
                hooks[i] = planned with { Hook = planned.Hook with { Env = [.. planned.Hook.Env.Where(IsNotIdentity), .. identity] } };
            }
        }
    }

    private static bool IsNotIdentity(string entry) =>
        !entry.StartsWith(PodNameVariable + "=", StringComparison.Ordinal)
        && !entry.StartsWith(PodNamespaceVariable + "=", StringComparison.Ordinal);
}
