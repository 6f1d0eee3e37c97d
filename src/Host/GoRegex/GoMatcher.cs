namespace HookInjector.Host.GoRegex;

/// <summary>
/// How a compiled <see cref="GoRegexp"/> searches an input. The strategy is chosen once, at compile
/// time, from the parsed pattern: most hook patterns are plain literals that need no automaton.
/// </summary>
internal abstract class GoMatcher
{
    /// <summary>
    /// Whether the pattern matches anywhere in <paramref name="input"/>, like Go's MatchString. A
    /// strategy whose cost grows with more than the input may give up once <paramref name="budget"/> is spent.
    /// </summary>
    public abstract GoMatchResult Match(string input, ref SearchBudget budget);
}
