namespace HookInjector.Host.Injection.Isolation;

/// <summary>
/// Runs code the plugin does not control (a script, an extension) within a time budget. .NET
/// cannot stop a thread, so an overrunning call is abandoned on its isolation thread with its token
/// cancelled, and the caller moves on; the plugin's own rules run inline, they cannot loop. The
/// budget counts from the moment the call starts: a busy node may take a while to pick it up, and
/// that wait is not the call's fault.
/// </summary>
internal static class BudgetedCall
{
    /// <summary>
    /// Runs the call on the caller's thread with the caller's token: it cannot outlive this method,
    /// so it needs no cancellation of its own.
    /// </summary>
    public static CallOutcome Inline<TCall>(TCall call, CancellationToken cancellationToken)
        where TCall : ISourceCall => Invoke(call, cancellationToken);

    /// <summary>
    /// Runs the call on an isolation thread and abandons it, cancelling its token, when it overruns;
    /// it is not started once <paramref name="startBudget"/> has passed.
    /// </summary>
    public static CallOutcome Isolated<TCall>(TCall call, TimeSpan budget, TimeSpan startBudget, CancellationToken cancellationToken)
        where TCall : ISourceCall
    {
        var results = BudgetedSequence.Run([new CallStep<TCall>(call)], NoState, NoState, budget, StopwatchTime.DeadlineAfter(startBudget), cancellationToken);
        return results[0].Outcome;
    }

    private static CallOutcome Invoke<TCall>(TCall call, CancellationToken token)
        where TCall : ISourceCall
    {
        if (token.IsCancellationRequested)
        {
            return CallOutcome.NotStarted;
        }
        try
        {
            call.Invoke(token);
            return CallOutcome.Completed;
        }
        catch (Exception e)
        {
            return new CallOutcome(CallResult.Failed, e);
        }
    }

    private static readonly object NoState = new();

    /// <summary>A single call as a sequence of one step; it has no state to pass on.</summary>
    private sealed class CallStep<TCall>(TCall call) : ISequenceStep<object, object>
        where TCall : ISourceCall
    {
        public object Run(object argument, object input, CancellationToken cancellationToken)
        {
            call.Invoke(cancellationToken);
            return input;
        }
    }
}
