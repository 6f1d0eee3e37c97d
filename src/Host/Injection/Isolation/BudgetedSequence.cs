using System.Diagnostics;

namespace HookInjector.Host.Injection.Isolation;

/// <summary>
/// Runs consecutive calls the plugin does not control (scripts, extensions) for one container on one
/// of the <see cref="IsolationThreads"/>, one after another, each within <c>callBudget</c>. Handing
/// every call over on its own cost a thread wake-up each; handing over the sequence costs one. The
/// caller sleeps until the sequence ends or the running call overruns; it then abandons that call,
/// cancelling its token, and returns: the steps after it are the caller's to run again or to skip.
/// A step's result counts only if the step finished before it was abandoned, so an abandoned call
/// that keeps running can change nothing. No step starts after <c>startDeadline</c>: busy isolation
/// threads turn the rest into "not started" instead of holding up the container. Neither side needs
/// the thread pool, so neither calls that never return nor a burst of containers can starve it into
/// missing a budget.
/// </summary>
internal static class BudgetedSequence
{
    /// <summary>
    /// Runs <paramref name="steps"/> from the first. The results cover every step, or end with the one
    /// that overran (<see cref="CallResult.TimedOut"/>) when a step was abandoned.
    /// </summary>
    public static IReadOnlyList<SequenceStepResult<TState>> Run<TArgument, TState>(
        IReadOnlyList<ISequenceStep<TArgument, TState>> steps,
        TArgument argument,
        TState input,
        TimeSpan callBudget,
        long startDeadline,
        CancellationToken cancellationToken)
        where TState : class
    {
        if (steps.Count == 0)
        {
            return [];
        }
        var run = new Progress<TArgument, TState>(steps, argument, startDeadline);
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = cancellation.Token;
        var finished = new TaskCompletionSource();
        IsolationThreads.Run(() =>
        {
            var abandonedWhileRunning = run.Work(input, token);
            finished.SetResult();
            return abandonedWhileRunning;
        });
        var worker = finished.Task;
        var abandoned = run.WaitOrAbandon(worker, callBudget);
        if (abandoned)
        {
            cancellation.Cancel();
            // Disposed once the abandoned call really ends, so a cooperative one still sees the cancellation.
            worker.ContinueWith(_ => cancellation.Dispose(), TaskScheduler.Default);
        }
        else
        {
            cancellation.Dispose();
        }
        return run.Results(input);
    }

    /// <summary>
    /// The shared state of one sequence. Each step's state moves Pending → Running → Finished on the
    /// worker; the caller may move Running → TimedOut or Pending → NotStarted instead. Both sides move it
    /// with compare-and-swap, so exactly one of them decides how a step ended.
    /// </summary>
    private sealed class Progress<TArgument, TState>(IReadOnlyList<ISequenceStep<TArgument, TState>> steps, TArgument argument, long startDeadline)
        where TState : class
    {
        private const int Pending = 0;
        private const int Running = 1;
        private const int Finished = 2;
        private const int TimedOut = 3;
        private const int NotStarted = 4;

        private readonly int[] states = new int[steps.Count];
        private readonly long[] startedAt = new long[steps.Count];
        private readonly CallOutcome[] outcomes = new CallOutcome[steps.Count];
        private readonly TState?[] afterSteps = new TState?[steps.Count];

        /// <summary>Runs the steps in order; true when the caller abandoned one of them while it ran.</summary>
        public bool Work(TState input, CancellationToken token)
        {
            for (var index = 0; index < steps.Count; index++)
            {
                var now = Stopwatch.GetTimestamp();
                if (token.IsCancellationRequested || now >= startDeadline)
                {
                    return false;
                }
                startedAt[index] = now;
                if (Interlocked.CompareExchange(ref states[index], Running, Pending) != Pending)
                {
                    return false;
                }
                try
                {
                    afterSteps[index] = steps[index].Run(argument, input, token);
                    outcomes[index] = CallOutcome.Completed;
                }
                catch (Exception e)
                {
                    afterSteps[index] = input;
                    outcomes[index] = new CallOutcome(CallResult.Failed, e);
                }
                if (Interlocked.CompareExchange(ref states[index], Finished, Running) != Running)
                {
                    return true;
                }
                input = afterSteps[index]!;
            }
            return false;
        }

        /// <summary>Waits for the worker; true when a step had to be abandoned.</summary>
        public bool WaitOrAbandon(Task worker, TimeSpan callBudget)
        {
            var budget = StopwatchTime.Ticks(callBudget);
            var watched = 0;
            while (true)
            {
                while (watched < steps.Count && Volatile.Read(ref states[watched]) == Finished)
                {
                    watched++;
                }
                if (watched == steps.Count)
                {
                    worker.Wait(CancellationToken.None);
                    return false;
                }
                var state = Volatile.Read(ref states[watched]);
                // A pending step may start any moment and its budget with it: look again one budget from now at the latest.
                var deadline = state == Running
                    ? Volatile.Read(ref startedAt[watched]) + budget
                    : Math.Min(startDeadline, Stopwatch.GetTimestamp() + budget);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
                if (wait > TimeSpan.Zero && worker.Wait(wait, CancellationToken.None))
                {
                    return false;
                }
                if (worker.IsCompleted)
                {
                    return false;
                }
                if (Stopwatch.GetTimestamp() < deadline || (state == Pending && deadline < startDeadline))
                {
                    continue;
                }
                var (from, to) = state == Running ? (Running, TimedOut) : (Pending, NotStarted);
                if (Interlocked.CompareExchange(ref states[watched], to, from) == from)
                {
                    if (to == TimedOut)
                    {
                        IsolationThreads.ReplaceAbandoned();
                    }
                    return true;
                }
            }
        }

        public List<SequenceStepResult<TState>> Results(TState input)
        {
            var results = new List<SequenceStepResult<TState>>(steps.Count);
            for (var index = 0; index < steps.Count; index++)
            {
                switch (Volatile.Read(ref states[index]))
                {
                    case Finished:
                        results.Add(new(outcomes[index], input, afterSteps[index]!));
                        input = afterSteps[index]!;
                        break;
                    case TimedOut:
                        results.Add(new(CallOutcome.TimedOut, input, input));
                        return results;
                    default:
                        // Never started: the caller abandoned it, or the worker ran out of time or was cancelled first.
                        results.Add(new(CallOutcome.NotStarted, input, input));
                        break;
                }
            }
            return results;
        }
    }
}
