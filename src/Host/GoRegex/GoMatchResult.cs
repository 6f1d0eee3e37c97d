namespace HookInjector.Host.GoRegex;

/// <summary>The outcome of one search of a <see cref="GoRegexp"/> in an input.</summary>
internal enum GoMatchResult
{
    NoMatch,
    Match,

    /// <summary>The search ran out of the time bound given at compile time before deciding.</summary>
    TimedOut,
}
