using System.Diagnostics.CodeAnalysis;

namespace HookInjector.Host.GoRegex;

/// <summary>
/// A pattern in Go's regexp dialect (RE2 syntax), evaluated the way Go's <c>regexp.MatchString</c> does:
/// compiled once, then searched for anywhere in the input in linear time. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// The pattern is parsed by a Go-compatible parser (same accepted syntax, same error texts). Patterns
/// that are small sets of literals, anchored or not, or that match every input, are answered by
/// ordinal string comparison (<see cref="LiteralPatternClassifier"/>); every other pattern is compiled
/// to a Thompson NFA (<see cref="GoProgram"/>) searched by a lazy DFA with a bounded cache, or by a
/// Pike VM (<see cref="AutomatonMatcher"/>): linear in the input, with memory fixed per pattern.
/// Differences from Go:
/// <list type="bullet">
/// <item>Unicode classes and case folding use Go's tables of the version that generated them
/// (<see cref="GoUnicodeTables.UnicodeVersion"/>); code points assigned in later Unicode versions may differ.</item>
/// <item>Inputs are .NET strings, already decoded: an unpaired surrogate (which a UTF-8 decoder never
/// produces) is read as one U+FFFD, where Go sees each byte of invalid UTF-8 as one U+FFFD
/// (<see cref="InputDecoder"/>).</item>
/// </list>
/// </remarks>
internal sealed class GoRegexp
{
    private readonly GoMatcher matcher;

    private GoRegexp(string pattern, GoMatcher matcher)
    {
        Pattern = pattern;
        this.matcher = matcher;
    }

    /// <summary>The original Go pattern.</summary>
    public string Pattern { get; }

    /// <summary>
    /// The strings this pattern matches exactly, as a whole input (<c>^lit$</c>, <c>^(a|b)$</c>),
    /// or null for any other pattern. Lets a caller look them up instead of searching every input.
    /// </summary>
    internal IReadOnlyList<string>? WholeInputLiterals =>
        this.matcher is LiteralSetMatcher { Anchoring: LiteralAnchoring.WholeInput } literals ? literals.Literals : null;

    /// <summary>The automaton searching this pattern, or null when literal comparisons answer it.</summary>
    internal AutomatonMatcher? Automaton => this.matcher as AutomatonMatcher;

    /// <summary>Compiles a Go pattern; throws <see cref="GoRegexpSyntaxException"/> where Go's regexp.Compile fails.</summary>
    public static GoRegexp Compile(string pattern) => Compile(pattern, GoSearchEngine.Fastest);

    /// <summary>Like <see cref="Compile(string)"/>, restricted to the strategies of <paramref name="engine"/>.</summary>
    internal static GoRegexp Compile(string pattern, GoSearchEngine engine)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var parsed = GoRegexParser.Parse(pattern);
        var matcher = engine == GoSearchEngine.Fastest ? LiteralPatternClassifier.Classify(parsed) : null;
        return new GoRegexp(pattern, matcher ?? new AutomatonMatcher(GoProgramCompiler.Compile(parsed), useDfa: engine != GoSearchEngine.PikeVm));
    }

    /// <summary>Like <see cref="Compile(string)"/>, reporting Go's error text instead of throwing.</summary>
    public static bool TryCompile(string pattern, [NotNullWhen(true)] out GoRegexp? regexp, [NotNullWhen(false)] out string? error)
    {
        try
        {
            regexp = Compile(pattern);
            error = null;
            return true;
        }
        catch (GoRegexpSyntaxException e)
        {
            regexp = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>Whether the pattern matches anywhere in <paramref name="input"/>, like Go's MatchString.</summary>
    public bool IsMatch(string input)
    {
        var unlimited = SearchBudget.Unlimited;
        return this.matcher.Match(input, ref unlimited) == GoMatchResult.Match;
    }

    /// <summary>
    /// Like <see cref="IsMatch"/>, giving up with <see cref="GoMatchResult.Abandoned"/> once
    /// <paramref name="budget"/> is spent (a search that needs no automaton always finishes).
    /// </summary>
    internal GoMatchResult Match(string input, ref SearchBudget budget) => this.matcher.Match(input, ref budget);

    public override string ToString() => Pattern;
}
