using System.Runtime.InteropServices;
using HookInjector.Host.Cli;
using HookInjector.Tests.OciHooks;
using HookInjector.Tests.Transport;
using Microsoft.Extensions.Logging;

namespace HookInjector.Tests.Cli;

public sealed class ShutdownDeadlineTests
{
    private readonly ManualTimeProvider time = new();
    private readonly CapturingLogger<ShutdownDeadline> logger = new();
    private readonly List<int> exits = [];

    private ShutdownDeadline Deadline() => new(time, logger, exits.Add);

    [Fact]
    public void Ends_the_process_with_128_plus_the_signal_once_the_grace_period_has_passed()
    {
        using var deadline = Deadline();

        deadline.Arm(PosixSignal.SIGTERM);
        time.Advance(ShutdownDeadline.GracePeriod - TimeSpan.FromTicks(1));
        Assert.Empty(exits);
        time.Advance(TimeSpan.FromTicks(1));

        Assert.Equal([143], exits);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Critical
            && e.Message == "Still running 2 s after SIGTERM: ending the process now with status 143, whatever is still running");
    }

    [Fact]
    public void A_later_signal_neither_restarts_nor_extends_the_grace_period()
    {
        using var deadline = Deadline();

        deadline.Arm(PosixSignal.SIGINT);
        time.Advance(ShutdownDeadline.GracePeriod / 2);
        deadline.Arm(PosixSignal.SIGTERM);
        time.Advance(ShutdownDeadline.GracePeriod / 2);
        time.Advance(ShutdownDeadline.GracePeriod);

        Assert.Equal([130], exits);
    }

    [Fact]
    public void Nothing_happens_without_a_signal()
    {
        using var deadline = Deadline();

        time.Advance(TimeSpan.FromHours(1));

        Assert.Empty(exits);
        Assert.Equal(0, time.TimersCreated);
    }

    [Fact]
    public void An_armed_deadline_outlives_disposal_because_the_process_has_not_ended_yet()
    {
        var deadline = Deadline();
        deadline.Arm(PosixSignal.SIGTERM);

        deadline.Dispose();
        time.Advance(ShutdownDeadline.GracePeriod);

        Assert.Equal([143], exits);
    }
}
