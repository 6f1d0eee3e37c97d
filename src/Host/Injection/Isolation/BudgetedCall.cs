namespace HookInjector.Host.Injection.Isolation;

/// <summary>
/// Runs code the plugin does not control (a script, an extension) within a time budget. .NET
/// cannot stop a thread, so an overrunning call is abandoned on its pool thread with its token
/// cancelled, and the caller moves on; the plugin's own rules run inline, they cannot loop. The
/// budget counts from the moment the call starts: on a busy node the thread pool may take a while
/// to pick it up, and that wait is not the call's fault.
/// </summary>
internal static class BudgetedCall
{
    public static CallOutcome Run(Action<CancellationToken> call, TimeSpan budget, TimeSpan startBudget, bool isolate, CancellationToken cancellationToken)
    {
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = cancellation.Token;
        if (!isolate)
        {
            using (cancellation)
            {
                return Invoke(call, token);
            }
        }

        using var started = new ManualResetEventSlim();
        var running = Task.Run(() =>
        {
            started.Set();
            return Invoke(call, token);
        }, CancellationToken.None);
        var outcome = !started.Wait(startBudget, CancellationToken.None) ? CallOutcome.NotStarted
            : running.Wait(budget, CancellationToken.None) ? running.Result
            : CallOutcome.TimedOut;
        if (running.IsCompleted)
        {
            cancellation.Dispose();
        }
        else
        {
            cancellation.Cancel();
            // Disposed once the abandoned call really ends, so a cooperative one still sees the cancellation.
            running.ContinueWith(_ => cancellation.Dispose(), TaskScheduler.Default);
        }
        return outcome;
    }

    private static CallOutcome Invoke(Action<CancellationToken> call, CancellationToken token)
    {
        if (token.IsCancellationRequested)
        {
            return CallOutcome.NotStarted;
        }
        try
        {
            call(token);
            return CallOutcome.Completed;
        }
        catch (Exception e)
        {
            return new CallOutcome(CallResult.Failed, e);
        }
    }
}
