using HookInjector.Abstractions;
using HookInjector.Host.Nri.Api;

namespace HookInjector.Host.Injection.Nri;

/// <summary>Turns a plan into the NRI adjustment: only hooks are set, every other field stays empty.</summary>
internal static class AdjustmentBuilder
{
    public static ContainerAdjustment Build(InjectionPlan plan)
    {
        var hooks = new Hooks();
        foreach (var (stage, planned) in plan.Entries())
        {
            HookConversion.Stage(hooks, stage).Add(HookConversion.ToNri(planned.Hook));
        }
        return new ContainerAdjustment { Hooks = hooks };
    }
}
