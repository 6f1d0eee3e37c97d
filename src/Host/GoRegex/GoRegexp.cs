using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace HookInjector.Host.GoRegex;

/// <summary>
/// A pattern in Go's regexp dialect (RE2 syntax), evaluated the way Go's <c>regexp.MatchString</c> does:
/// compiled once, then searched for anywhere in the input in linear time. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// The pattern is parsed by a Go-compatible parser (same accepted syntax, same error texts). Patterns
/// that are small sets of literals, anchored or not, or that match every input, are answered by
/// ordinal string comparison (<see cref="LiteralPatternClassifier"/>); every other pattern is
/// translated into an equivalent .NET pattern run by the NonBacktracking engine, so a hostile input
/// cannot cause catastrophic backtracking; a caller on a time budget can also bound each search
/// (<see cref="Compile(string, TimeSpan)"/>). Known differences from Go, all outside ASCII:
/// <list type="bullet">
/// <item>Unicode classes and case folding use Go's tables of the version that generated them
/// (<see cref="GoUnicodeTables.UnicodeVersion"/>); code points assigned in later Unicode versions may differ.</item>
/// <item>Inputs are .NET strings, already decoded: an unpaired surrogate (which a UTF-8 decoder never
/// produces) is read as one U+FFFD, where Go sees each byte of invalid UTF-8 as one U+FFFD.</item>
/// <item>A pattern Go accepts is refused (<see cref="GoRegexpErrorCode.TooLargeForDotNet"/>) if it tells
/// apart more than 6,400 groups of non-ASCII characters (see <see cref="StandInAlphabet"/>) or its
/// automaton would exceed Go's own program-size limit.</item>
/// </list>
/// </remarks>
internal sealed class GoRegexp
{
    private readonly GoMatcher _matcher;

    private GoRegexp(string pattern, string translatedPattern, GoMatcher matcher)
    {
        Pattern = pattern;
        TranslatedPattern = translatedPattern;
        _matcher = matcher;
    }

    /// <summary>The original Go pattern.</summary>
    public string Pattern { get; }

    /// <summary>
    /// The equivalent .NET pattern, against the input with each non-ASCII code point replaced by a
    /// stand-in character (see <see cref="StandInAlphabet"/>). It is what the regex engine runs when
    /// no literal strategy applies.
    /// </summary>
    public string TranslatedPattern { get; }

    /// <summary>
    /// The strings this pattern matches exactly, as a whole input (<c>^lit$</c>, <c>^(a|b)$</c>),
    /// or null for any other pattern. Lets a caller look them up instead of searching every input.
    /// </summary>
    internal IReadOnlyList<string>? WholeInputLiterals =>
        _matcher is LiteralSetMatcher { Anchoring: LiteralAnchoring.WholeInput } literals ? literals.Literals : null;

    /// <summary>Compiles a Go pattern; throws <see cref="GoRegexpSyntaxException"/> where Go's regexp.Compile fails.</summary>
    public static GoRegexp Compile(string pattern) => Compile(pattern, Regex.InfiniteMatchTimeout);

    /// <summary>
    /// Like <see cref="Compile(string)"/>, with each search that needs the regex engine bounded by
    /// <paramref name="matchTimeout"/>: past it, <see cref="Match"/> reports <see cref="GoMatchResult.TimedOut"/>.
    /// </summary>
    internal static GoRegexp Compile(string pattern, TimeSpan matchTimeout)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var parsed = GoRegexParser.Parse(pattern);
        var alphabet = StandInAlphabet.For(parsed)
            ?? throw new GoRegexpSyntaxException(GoRegexpErrorCode.TooLargeForDotNet, pattern);
        var translated = DotNetPatternWriter.Write(parsed, alphabet);
        try
        {
            var matcher = LiteralPatternClassifier.Classify(parsed) ?? new RegexMatcher(translated, alphabet, matchTimeout);
            return new GoRegexp(pattern, translated, matcher);
        }
        catch (NotSupportedException e)
        {
            throw new GoRegexpSyntaxException(GoRegexpErrorCode.TooLargeForDotNet, pattern, e);
        }
        catch (ArgumentException e)
        {
            // The translation only uses constructs .NET supports; reaching this is a bug.
            throw new GoRegexpSyntaxException(GoRegexpErrorCode.InternalError, pattern, e);
        }
    }

    /// <summary>Like <see cref="Compile"/>, reporting Go's error text instead of throwing.</summary>
    public static bool TryCompile(string pattern, [NotNullWhen(true)] out GoRegexp? regexp, [NotNullWhen(false)] out string? error) =>
        TryCompile(pattern, Regex.InfiniteMatchTimeout, out regexp, out error);

    /// <summary>Like <see cref="Compile(string, TimeSpan)"/>, reporting Go's error text instead of throwing.</summary>
    internal static bool TryCompile(string pattern, TimeSpan matchTimeout, [NotNullWhen(true)] out GoRegexp? regexp, [NotNullWhen(false)] out string? error)
    {
        try
        {
            regexp = Compile(pattern, matchTimeout);
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

    /// <summary>
    /// Whether the pattern matches anywhere in <paramref name="input"/>, like Go's MatchString. A
    /// search that exceeds the time bound given at compile time counts as no match; use
    /// <see cref="Match"/> to tell it apart.
    /// </summary>
    public bool IsMatch(string input) => _matcher.Match(input) == GoMatchResult.Match;

    /// <summary>Like <see cref="IsMatch"/>, also reporting a search that ran out of time.</summary>
    internal GoMatchResult Match(string input) => _matcher.Match(input);

    public override string ToString() => Pattern;
}
