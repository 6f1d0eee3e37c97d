namespace HookInjector.Host.GoRegex;

/// <summary>
/// Recognises, on the parsed pattern, the shapes that need no automaton and answers them exactly:
/// an optional <c>^</c>/<c>\A</c> and <c>$</c>/<c>\z</c> (end of text, as Go reads <c>$</c> without
/// <c>(?m)</c>) around a part whose language is a small finite set of strings (<c>lit</c>,
/// <c>(a|b)</c>, <c>colou?r</c>, <c>x{3}</c>, <c>(?i)k</c> with its folded set). Next to an unanchored
/// end, a part that can match the empty string (such as <c>.*</c>) is dropped: it never decides
/// whether a match exists. Every other shape returns null and is left to the automaton (<see cref="AutomatonMatcher"/>).
/// </summary>
/// <remarks>
/// Case-insensitive and other sets are used exactly as the parser folded them, so no case rule is
/// re-derived here. Literals with U+FFFD are refused: the engine reads an unpaired surrogate of the
/// input as U+FFFD, which an ordinal comparison would not.
/// </remarks>
internal static class LiteralPatternClassifier
{
    private const int MaxLiterals = 16;

    // Long enough for the longest literal a sane hook file spells with a counted repeat
    // (x{1000} of a ten-character group): the engine would need a first search of about half a
    // second to build the automaton of such a pattern.
    private const int MaxLiteralLength = 16 * 1024;

    public static GoMatcher? Classify(GoRegexNode root)
    {
        var items = root is ConcatNode concat ? concat.Items : [root];
        var start = 0;
        var end = items.Count;
        var anchoredStart = false;
        var anchoredEnd = false;
        while (start < end && items[start] is AssertionNode { Kind: AssertionKind.BeginText })
        {
            anchoredStart = true;
            start++;
        }

        while (end > start && items[end - 1] is AssertionNode { Kind: AssertionKind.EndText })
        {
            anchoredEnd = true;
            end--;
        }

        while (!anchoredStart && start < end && CanSkip(items[start]))
        {
            start++;
        }

        while (!anchoredEnd && end > start && CanSkip(items[end - 1]))
        {
            end--;
        }

        List<string>? literals = [string.Empty];
        for (var i = start; i < end && literals is not null; i++)
        {
            literals = Product(literals, Expand(items[i]));
        }

        return literals is null ? null : Create(literals, anchoredStart, anchoredEnd);
    }

    private static GoMatcher Create(List<string> literals, bool anchoredStart, bool anchoredEnd)
    {
        var anchoring = (anchoredStart, anchoredEnd) switch
        {
            (true, true) => LiteralAnchoring.WholeInput,
            (true, false) => LiteralAnchoring.Start,
            (false, true) => LiteralAnchoring.End,
            _ => LiteralAnchoring.Anywhere,
        };
        if (anchoring != LiteralAnchoring.WholeInput && literals.Contains(string.Empty))
        {
            return MatchEverythingMatcher.Instance;
        }

        return new LiteralSetMatcher([.. literals], anchoring);
    }

    /// <summary>Can match the empty string and tests no position, so it never decides a search next to an open end.</summary>
    private static bool CanSkip(GoRegexNode node) => !HasAssertion(node) && IsNullable(node);

    private static bool HasAssertion(GoRegexNode node) => node switch
    {
        AssertionNode => true,
        CaptureNode capture => HasAssertion(capture.Inner),
        RepeatNode repeat => HasAssertion(repeat.Inner),
        ConcatNode concat => concat.Items.Any(HasAssertion),
        AlternateNode alternation => alternation.Alternatives.Any(HasAssertion),
        _ => false,
    };

    private static bool IsNullable(GoRegexNode node) => node switch
    {
        EmptyNode => true,
        CaptureNode capture => IsNullable(capture.Inner),
        RepeatNode repeat => repeat.Min == 0 || IsNullable(repeat.Inner),
        ConcatNode concat => concat.Items.All(IsNullable),
        AlternateNode alternation => alternation.Alternatives.Any(IsNullable),
        _ => false,
    };

    /// <summary>The strings the node matches, or null when they are not few and short (or contain an assertion).</summary>
    private static List<string>? Expand(GoRegexNode node) => node switch
    {
        EmptyNode => [string.Empty],
        CharSetNode charSet => ExpandSet(charSet.Set),
        CaptureNode capture => Expand(capture.Inner),
        ConcatNode concat => concat.Items.Aggregate<GoRegexNode, List<string>?>(
            [string.Empty], static (product, item) => product is null ? null : Product(product, Expand(item))),
        AlternateNode alternation => alternation.Alternatives.Aggregate<GoRegexNode, List<string>?>(
            [], static (union, item) => union is null ? null : Union(union, Expand(item))),
        RepeatNode { Max: >= 0 } repeat => ExpandRepeat(repeat),
        _ => null,
    };

    private static List<string>? ExpandSet(CodePointSet set)
    {
        var literals = new List<string>();
        foreach (var (low, high) in set.Ranges)
        {
            if (literals.Count + (high - low + 1) > MaxLiterals || (low <= '\uFFFD' && high >= '\uFFFD') || (low <= 0xDFFF && high >= 0xD800))
            {
                return null;
            }

            for (var codePoint = low; codePoint <= high; codePoint++)
            {
                literals.Add(char.ConvertFromUtf32(codePoint));
            }
        }

        return literals;
    }

    /// <summary><c>x?</c> and <c>x{n,m}</c>: the union of <c>x</c> repeated n to m times.</summary>
    private static List<string>? ExpandRepeat(RepeatNode repeat)
    {
        if (repeat.Max - repeat.Min >= MaxLiterals || Expand(repeat.Inner) is not { } inner)
        {
            return null;
        }

        List<string>? power = [string.Empty];
        for (var count = 0; count < repeat.Min && power is not null; count++)
        {
            power = Product(power, inner);
        }

        List<string>? union = [];
        for (var count = repeat.Min; count <= repeat.Max && power is not null && union is not null; count++)
        {
            union = Union(union, power);
            power = count < repeat.Max ? Product(power, inner) : power;
        }

        return power is null ? null : union;
    }

    private static List<string>? Product(List<string> prefixes, List<string>? suffixes)
    {
        if (suffixes is null || prefixes.Count * suffixes.Count > MaxLiterals)
        {
            return null;
        }

        var product = new List<string>(prefixes.Count * suffixes.Count);
        foreach (var prefix in prefixes)
        {
            foreach (var suffix in suffixes)
            {
                if (prefix.Length + suffix.Length > MaxLiteralLength)
                {
                    return null;
                }

                product.Add(prefix + suffix);
            }
        }

        return product;
    }

    private static List<string>? Union(List<string> left, List<string>? right)
    {
        if (right is null)
        {
            return null;
        }

        var union = new List<string>(left);
        union.AddRange(right.Where(literal => !union.Contains(literal)));
        return union.Count <= MaxLiterals ? union : null;
    }
}
