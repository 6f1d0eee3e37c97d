namespace HookInjector.Host.GoRegex;

/// <summary>
/// A pattern that matches the empty string at the start or end of any text, such as the empty
/// pattern, <c>.*</c> or <c>^</c>: an unanchored search then succeeds whatever the input.
/// </summary>
internal sealed class MatchEverythingMatcher : GoMatcher
{
    public static MatchEverythingMatcher Instance { get; } = new();

    private MatchEverythingMatcher()
    {
    }

    public override GoMatchResult Match(string input, ref SearchBudget budget) => GoMatchResult.Match;
}
