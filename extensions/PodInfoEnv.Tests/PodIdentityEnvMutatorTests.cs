using HookInjector.Abstractions;

namespace PodInfoEnv.Tests;

public sealed class PodIdentityEnvMutatorTests
{
    private static readonly ContainerContext Context = new()
    {
        Pod = new PodInfo { Name = "web-0", Namespace = "shop" },
        Container = new ContainerInfo { Name = "app" },
    };

    private static readonly HookOrigin Origin = new(HookSourceKind.Rule, "some-rule");

    [Fact]
    public void Every_hook_of_every_stage_gets_the_pod_identity_after_its_own_environment()
    {
        var plan = new InjectionPlan();
        plan.Add(HookStage.Prestart, new PlannedHook(new OciHook("/bin/a", ["a"], ["A=1"], 3), Origin));
        plan.Add(HookStage.Poststop, new PlannedHook(new OciHook("/bin/b"), Origin));

        new PodIdentityEnvMutator().Mutate(Context, plan, CancellationToken.None);

        Assert.Equal(
            [
                (HookStage.Prestart, new PlannedHook(new OciHook("/bin/a", ["a"], ["A=1", "HOOK_POD_NAME=web-0", "HOOK_POD_NAMESPACE=shop"], 3), Origin)),
                (HookStage.Poststop, new PlannedHook(new OciHook("/bin/b", [], ["HOOK_POD_NAME=web-0", "HOOK_POD_NAMESPACE=shop"], null), Origin)),
            ],
            plan.Entries());
    }

    [Fact]
    public void Identity_values_already_present_are_replaced_not_repeated()
    {
        var plan = new InjectionPlan();
        plan.Add(HookStage.CreateRuntime, new PlannedHook(new OciHook("/bin/a", [], ["HOOK_POD_NAME=stale", "B=2", "HOOK_POD_NAMESPACE=old"], null), Origin));

        new PodIdentityEnvMutator().Mutate(Context, plan, CancellationToken.None);

        Assert.Equal(["B=2", "HOOK_POD_NAME=web-0", "HOOK_POD_NAMESPACE=shop"], plan[HookStage.CreateRuntime].Single().Hook.Env);
    }

    [Fact]
    public void Empty_plan_stays_empty()
    {
        var plan = new InjectionPlan();

        new PodIdentityEnvMutator().Mutate(Context, plan, CancellationToken.None);

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void Cancelled_token_stops_the_mutation()
    {
        var plan = new InjectionPlan();
        plan.Add(HookStage.Prestart, new PlannedHook(new OciHook("/bin/a"), Origin));

        Assert.Throws<OperationCanceledException>(() => new PodIdentityEnvMutator().Mutate(Context, plan, new CancellationToken(canceled: true)));
    }
}
