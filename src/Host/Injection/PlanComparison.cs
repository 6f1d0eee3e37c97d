using HookInjector.Abstractions;

namespace HookInjector.Host.Injection;

/// <summary>Whether two plans hold the same hooks, with the same origins, in the same order in every stage.</summary>
internal static class PlanComparison
{
    private static readonly HookStage[] Stages = Enum.GetValues<HookStage>();

    public static bool Same(InjectionPlan a, InjectionPlan b)
    {
        foreach (var stage in Stages)
        {
            var left = a[stage];
            var right = b[stage];
            if (left.Count != right.Count)
            {
                return false;
            }
            for (var i = 0; i < left.Count; i++)
            {
                if (!left[i].Equals(right[i]))
                {
                    return false;
                }
            }
        }
        return true;
    }
}
