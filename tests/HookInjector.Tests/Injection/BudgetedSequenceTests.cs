using System.Diagnostics;
using HookInjector.Host.Injection.Isolation;

namespace HookInjector.Tests.Injection;

[Collection(SerialBudgetedCalls.Name)]
public sealed class BudgetedSequenceTests : IDisposable
{
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(100);
    private readonly ManualResetEventSlim release = new();

    public void Dispose()
    {
        release.Set();
        release.Dispose();
    }

    private sealed class Step(Func<string, CancellationToken, string> body) : ISequenceStep<string, string>
    {
        public string Run(string argument, string input, CancellationToken cancellationToken) => body(input, cancellationToken);
    }

    private static Step Appends(string text) => new((input, _) => input + text);

    private static IReadOnlyList<SequenceStepResult<string>> Run(IReadOnlyList<ISequenceStep<string, string>> steps, long? startDeadline = null, CancellationToken cancellationToken = default) =>
        BudgetedSequence.Run(steps, "container", "", Budget, startDeadline ?? StopwatchTime.DeadlineAfter(TimeSpan.FromSeconds(5)), cancellationToken);

    private static string[] Outcomes(IReadOnlyList<SequenceStepResult<string>> results) =>
        [.. results.Select(result => $"{result.Outcome.Result}:{result.Before}->{result.After}")];

    [Fact]
    public void RunsEveryStepInOrderOnOneIsolationThread()
    {
        var threads = new List<(int Id, string? Name)>();
        var step = new Step((input, _) =>
        {
            lock (threads)
            {
                threads.Add((Environment.CurrentManagedThreadId, Thread.CurrentThread.Name));
            }
            return input + "x";
        });

        var results = Run([step, step, step]);

        Assert.Equal(["Completed:->x", "Completed:x->xx", "Completed:xx->xxx"], Outcomes(results));
        var thread = Assert.Single(threads.Distinct());
        Assert.Equal(IsolationThreads.ThreadName, thread.Name);
    }

    [Fact]
    public void CallsThatNeverReturnDoNotUseUpTheThreadsForTheNextOnes()
    {
        var runaway = new Step((input, _) =>
        {
            release.Wait(CancellationToken.None);
            return input;
        });

        for (var index = 0; index < IsolationThreads.Size + 2; index++)
        {
            Assert.Equal(["TimedOut:->"], Outcomes(Run([runaway])));
        }
        var next = Run([Appends("a")]);

        Assert.Equal(["Completed:->a"], Outcomes(next));
    }

    [Fact]
    public void AFailingStepChangesNothingAndTheNextGoesOn()
    {
        var results = Run([Appends("a"), new Step((_, _) => throw new InvalidOperationException("broken")), Appends("c")]);

        Assert.Equal(["Completed:->a", "Failed:a->a", "Completed:a->ac"], Outcomes(results));
        Assert.Equal("broken", results[1].Outcome.Error?.Message);
    }

    [Fact]
    public async Task AbandonsAStepThatOverrunsCancelsItsTokenAndIgnoresWhatItReturnsLater()
    {
        using var cancelled = new ManualResetEventSlim();
        var returned = new TaskCompletionSource();
        var overrunning = new Step((input, token) =>
        {
            token.Register(cancelled.Set);
            release.Wait(CancellationToken.None); // ignores its token, like a loop that never checks it
            returned.SetResult();
            return input + "late";
        });

        var results = Run([Appends("a"), overrunning, Appends("c")]);

        Assert.Equal(["Completed:->a", "TimedOut:a->a"], Outcomes(results));
        Assert.True(cancelled.Wait(TimeSpan.FromSeconds(5)), "the abandoned step's token is cancelled");
        release.Set();
        await returned.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["Completed:->a", "TimedOut:a->a"], Outcomes(results));
    }

    [Fact]
    public void AbandonsAnOverrunAtItsOwnBudgetLeavingTheRestTimeToStart()
    {
        var startDeadline = StopwatchTime.DeadlineAfter(TimeSpan.FromSeconds(3));
        var overrunning = new Step((input, _) =>
        {
            release.Wait(CancellationToken.None);
            return input;
        });

        var first = Run([overrunning], startDeadline);
        var rest = Run([Appends("b")], startDeadline);

        Assert.Equal(["TimedOut:->"], Outcomes(first));
        Assert.Equal(["Completed:->b"], Outcomes(rest));
    }

    [Fact]
    public void StartsNothingOnceTheStartDeadlineHasPassed()
    {
        var ran = 0;
        var counting = new Step((input, _) =>
        {
            Interlocked.Increment(ref ran);
            return input + "x";
        });

        var results = Run([counting, counting], startDeadline: Stopwatch.GetTimestamp());

        Assert.Equal(["NotStarted:->", "NotStarted:->"], Outcomes(results));
        Assert.Equal(0, Volatile.Read(ref ran));
    }

    [Fact]
    public void StartsNothingOnceTheCallerHasCancelled()
    {
        using var caller = new CancellationTokenSource();
        caller.Cancel();

        var results = Run([Appends("a"), Appends("b")], cancellationToken: caller.Token);

        Assert.Equal(["NotStarted:->", "NotStarted:->"], Outcomes(results));
    }

    [Fact]
    public void AnEmptySequenceNeedsNoThread() => Assert.Empty(Run([]));
}
