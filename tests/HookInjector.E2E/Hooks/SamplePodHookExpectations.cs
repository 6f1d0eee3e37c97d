using HookInjector.E2E.Pods;

namespace HookInjector.E2E.Hooks;

/// <summary>
/// What the upstream demo shows: the always-inject hook runs for both containers, the busybox
/// hook only for the container whose command is busybox; each before start and after stop.
/// </summary>
public static class SamplePodHookExpectations
{
    private static readonly TimeSpan HookTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Checks the hooks of a started sample pod, stops its containers, then checks the poststop hooks.</summary>
    public static async Task StopAndVerifyAsync(RunningPod pod, DemoHookLog log, CancellationToken cancellationToken)
    {
        var shell = pod.ContainerIds[SamplePod.ShellContainer];
        var busybox = pod.ContainerIds[SamplePod.BusyboxContainer];

        var beforeStart = await log.WaitUntilAsync(
            records => Count(records, shell, always: true, r => r.RanBeforeStart) >= 1
                && Count(records, busybox, always: true, r => r.RanBeforeStart) >= 1
                && Count(records, busybox, always: false, r => r.RanBeforeStart) >= 1,
            HookTimeout,
            "the always-inject hook for both containers and the busybox hook for busybox before start",
            cancellationToken);
        AssertExactly(beforeStart, shell, busybox, r => r.RanBeforeStart, "before start");

        await pod.StopContainersAsync(cancellationToken);
        var all = await log.WaitUntilAsync(
            records => Count(records, shell, always: true, r => r.RanAfterStop) >= 1
                && Count(records, busybox, always: true, r => r.RanAfterStop) >= 1
                && Count(records, busybox, always: false, r => r.RanAfterStop) >= 1,
            HookTimeout,
            "the poststop hooks after the containers stopped",
            cancellationToken);
        AssertExactly(all, shell, busybox, r => r.RanBeforeStart, "before start");
        AssertExactly(all, shell, busybox, r => r.RanAfterStop, "after stop");
        Assert.All(all, r => Assert.True(r.RanBeforeStart || r.RanAfterStop, $"hook ran in unexpected state {r.Status}"));
    }

    private static void AssertExactly(IReadOnlyList<DemoHookRecord> records, string shell, string busybox, Func<DemoHookRecord, bool> phase, string when)
    {
        var described = DemoHookLog.Describe(records);
        Assert.True(Count(records, shell, always: true, phase) == 1, $"always-inject hook for shell {when} must run once: {described}");
        Assert.True(Count(records, busybox, always: true, phase) == 1, $"always-inject hook for busybox {when} must run once: {described}");
        Assert.True(Count(records, busybox, always: false, phase) == 1, $"busybox hook for busybox {when} must run once: {described}");
        Assert.True(Count(records, shell, always: false, phase) == 0, $"busybox hook must not run for shell: {described}");
    }

    private static int Count(IEnumerable<DemoHookRecord> records, string containerId, bool always, Func<DemoHookRecord, bool> phase) =>
        records.Count(r => r.ContainerId == containerId && (always ? r.IsAlwaysInjectedHook : r.IsBusyboxHook) && phase(r));
}
