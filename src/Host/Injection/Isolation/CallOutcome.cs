namespace HookInjector.Host.Injection.Isolation;

/// <summary>How one call into a matcher or mutator ended.</summary>
internal readonly record struct CallOutcome(CallResult Result, Exception? Error = null)
{
    public static readonly CallOutcome Completed = new(CallResult.Completed);
    public static readonly CallOutcome TimedOut = new(CallResult.TimedOut);
    public static readonly CallOutcome NotStarted = new(CallResult.NotStarted);
}

internal enum CallResult
{
    Completed,
    Failed,
    TimedOut,

    /// <summary>No time was left to start it; it never ran for this container.</summary>
    NotStarted,
}
