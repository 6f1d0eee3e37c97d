using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace HookInjector.Host.GoRegex;

/// <summary>
/// A pattern in Go's regexp dialect (RE2 syntax), evaluated the way Go's <c>regexp.MatchString</c> does:
/// compiled once, then searched for anywhere in the input in linear time.
/// </summary>
/// <remarks>
/// The pattern is parsed by a Go-compatible parser (same accepted syntax, same error texts) and
/// translated into an equivalent .NET pattern run by the NonBacktracking engine, so a hostile input
/// cannot cause catastrophic backtracking. Known differences from Go, all outside ASCII:
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
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    // .NET refuses a NonBacktracking pattern whose automaton could exceed 10,000 nodes (so \pL{1000}
    // fails), while Go allows programs of up to 3,355,443 instructions. This documented, process-wide
    // switch is raised (never lowered) to Go's figure so that what Go accepts compiles here too.
    private const string AutomatonSizeSwitch = "REGEX_NONBACKTRACKING_MAX_AUTOMATA_SIZE";

    private readonly Regex _regex;
    private readonly StandInAlphabet _alphabet;

    static GoRegexp()
    {
        if (AppContext.GetData(AutomatonSizeSwitch) is not int configured || configured < GoRegexParser.MaxProgramSize)
        {
            AppContext.SetData(AutomatonSizeSwitch, GoRegexParser.MaxProgramSize);
        }
    }

    private GoRegexp(string pattern, string translatedPattern, StandInAlphabet alphabet)
    {
        Pattern = pattern;
        TranslatedPattern = translatedPattern;
        _alphabet = alphabet;
        _regex = new Regex(translatedPattern, Options);
    }

    /// <summary>The original Go pattern.</summary>
    public string Pattern { get; }

    /// <summary>
    /// The .NET pattern actually matched, against the input with each non-ASCII code point
    /// replaced by a stand-in character (see <see cref="StandInAlphabet"/>).
    /// </summary>
    public string TranslatedPattern { get; }

    /// <summary>Compiles a Go pattern; throws <see cref="GoRegexpSyntaxException"/> where Go's regexp.Compile fails.</summary>
    public static GoRegexp Compile(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var parsed = GoRegexParser.Parse(pattern);
        var alphabet = StandInAlphabet.For(parsed)
            ?? throw new GoRegexpSyntaxException(GoRegexpErrorCode.TooLargeForDotNet, pattern);
        var translated = DotNetPatternWriter.Write(parsed, alphabet);
        try
        {
            return new GoRegexp(pattern, translated, alphabet);
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
    public bool IsMatch(string input) => _regex.IsMatch(_alphabet.Encode(input));

    public override string ToString() => Pattern;
}
