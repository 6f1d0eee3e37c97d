namespace HookInjector.Host.Injection.Isolation;

/// <summary>How one step of a sequence ended, and the state before and after it (the same when it did not complete).</summary>
internal readonly record struct SequenceStepResult<TState>(CallOutcome Outcome, TState Before, TState After)
    where TState : class;
