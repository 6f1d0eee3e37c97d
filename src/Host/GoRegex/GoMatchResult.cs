namespace HookInjector.Host.GoRegex;

/// <summary>The outcome of one search of a <see cref="GoRegexp"/> in an input.</summary>
internal enum GoMatchResult
{
    NoMatch,
    Match,

    /// <summary>The caller's <see cref="SearchBudget"/> ran out before the search could decide.</summary>
    Abandoned,
}
