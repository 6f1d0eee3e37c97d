namespace HookInjector.Host.GoRegex;

/// <summary>
/// A pattern whose language is a small finite set of strings, possibly anchored to the start and/or
/// end of the text: <c>^lit$</c> is ordinal equality, <c>^lit</c> a prefix, <c>lit$</c> a suffix and an
/// unanchored literal an ordinal substring search. Ordinal UTF-16 comparison is exact here because
/// the literals hold only whole code points other than U+FFFD (see <see cref="LiteralPatternClassifier"/>).
/// </summary>
internal sealed class LiteralSetMatcher : GoMatcher
{
    private readonly string[] literals;

    public LiteralSetMatcher(string[] literals, LiteralAnchoring anchoring)
    {
        this.literals = literals;
        Anchoring = anchoring;
    }

    public LiteralAnchoring Anchoring { get; }

    public IReadOnlyList<string> Literals => this.literals;

    public override GoMatchResult Match(string input, ref SearchBudget budget)
    {
        foreach (var literal in this.literals)
        {
            if (Matches(input, literal))
            {
                return GoMatchResult.Match;
            }
        }

        return GoMatchResult.NoMatch;
    }

    private bool Matches(string input, string literal) => Anchoring switch
    {
        LiteralAnchoring.WholeInput => string.Equals(input, literal, StringComparison.Ordinal),
        LiteralAnchoring.Start => input.StartsWith(literal, StringComparison.Ordinal),
        LiteralAnchoring.End => input.EndsWith(literal, StringComparison.Ordinal),
        _ => input.Contains(literal, StringComparison.Ordinal),
    };
}
