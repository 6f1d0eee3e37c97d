using System.Text.RegularExpressions;

namespace HookInjector.Host.GoRegex;

/// <summary>
/// The general strategy: the translated pattern run by .NET's NonBacktracking engine over the input
/// rewritten into the pattern's <see cref="StandInAlphabet"/>. Each instance keeps the engine's
/// lazily built automaton, hundreds of kilobytes, so it is used only where no cheaper strategy is exact.
/// Matching is linear in the input, but the automaton is built while searching: a pattern with a huge
/// one (<c>(?:a[a-z]{9}){1000}b</c>) spends about a minute on a 100 KB input, hence the optional bound.
/// </summary>
internal sealed class RegexMatcher : GoMatcher
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    // .NET refuses a NonBacktracking pattern whose automaton could exceed 10,000 nodes (so \pL{1000}
    // fails), while Go allows programs of up to 3,355,443 instructions. This documented, process-wide
    // switch is raised (never lowered) to Go's figure so that what Go accepts compiles here too.
    private const string AutomatonSizeSwitch = "REGEX_NONBACKTRACKING_MAX_AUTOMATA_SIZE";

    private readonly Regex _regex;
    private readonly StandInAlphabet _alphabet;

    static RegexMatcher()
    {
        if (AppContext.GetData(AutomatonSizeSwitch) is not int configured || configured < GoRegexParser.MaxProgramSize)
        {
            AppContext.SetData(AutomatonSizeSwitch, GoRegexParser.MaxProgramSize);
        }
    }

    /// <summary>
    /// Builds the automaton; throws NotSupportedException when .NET cannot build it this large.
    /// <paramref name="matchTimeout"/> bounds each search (<see cref="Regex.InfiniteMatchTimeout"/> for none).
    /// </summary>
    public RegexMatcher(string translatedPattern, StandInAlphabet alphabet, TimeSpan matchTimeout)
    {
        _alphabet = alphabet;
        _regex = new Regex(translatedPattern, Options, matchTimeout);
    }

    public override GoMatchResult Match(string input)
    {
        try
        {
            return _regex.IsMatch(_alphabet.Encode(input)) ? GoMatchResult.Match : GoMatchResult.NoMatch;
        }
        catch (RegexMatchTimeoutException)
        {
            return GoMatchResult.TimedOut;
        }
    }
}
