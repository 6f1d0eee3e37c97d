using System.Text;

namespace HookInjector.Host.GoRegex;

/// <summary>
/// Writes a parsed Go pattern as an equivalent .NET pattern for
/// <c>RegexOptions.CultureInvariant | RegexOptions.NonBacktracking</c> (no IgnoreCase, Multiline or
/// Singleline: every flag has already been resolved into explicit sets and anchors). Each code point
/// of the input is one unit of the pattern's alphabet, so <c>.</c> or <c>[^a]</c> consume an emoji whole.
/// </summary>
internal static class DotNetPatternWriter
{
    public static string Write(GoRegexNode root, StandInAlphabet alphabet)
    {
        var output = new StringBuilder();
        Write(output, root, alphabet);
        return output.ToString();
    }

    private static void Write(StringBuilder output, GoRegexNode node, StandInAlphabet alphabet)
    {
        switch (node)
        {
            case CharSetNode charSet:
                UnitClassWriter.Write(output, charSet.Set, alphabet);
                break;
            case AssertionNode assertion:
                output.Append(AssertionText(assertion.Kind));
                break;
            case EmptyNode:
                break;
            case CaptureNode capture:
                WriteGroup(output, capture.Inner, alphabet);
                break;
            case ConcatNode concat:
                foreach (var item in concat.Items)
                {
                    Write(output, item, alphabet);
                }

                break;
            case AlternateNode alternation:
                WriteAlternation(output, alternation, alphabet);
                break;
            case RepeatNode repeat:
                WriteRepeat(output, repeat, alphabet);
                break;
            default:
                throw new InvalidOperationException($"Unknown Go regexp node {node.GetType().Name}.");
        }
    }

    /// <summary>
    /// Branches that can only match the empty string are written as a trailing <c>?</c> instead:
    /// .NET (10.0) wrongly reports no match for <c>(?:b+|)+</c> on "a" (in both engines), and
    /// <c>(?:(?:b+)?)+</c> means the same without triggering that reduction.
    /// </summary>
    private static void WriteAlternation(StringBuilder output, AlternateNode alternation, StandInAlphabet alphabet)
    {
        var branches = alternation.Alternatives.Where(static branch => !MatchesOnlyEmpty(branch)).ToList();
        output.Append("(?:");
        for (var i = 0; i < branches.Count; i++)
        {
            output.Append(i == 0 ? string.Empty : "|");
            Write(output, branches[i], alphabet);
        }

        output.Append(branches.Count < alternation.Alternatives.Count && branches.Count > 0 ? ")?" : ")");
    }

    private static bool MatchesOnlyEmpty(GoRegexNode node) => node switch
    {
        EmptyNode => true,
        CaptureNode capture => MatchesOnlyEmpty(capture.Inner),
        ConcatNode concat => concat.Items.All(MatchesOnlyEmpty),
        AlternateNode alternation => alternation.Alternatives.All(MatchesOnlyEmpty),
        RepeatNode repeat => repeat.Max == 0 || MatchesOnlyEmpty(repeat.Inner) || (repeat.Min == 0 && IsZeroWidth(repeat.Inner)),
        _ => false,
    };

    private static bool IsZeroWidth(GoRegexNode node) => node switch
    {
        EmptyNode or AssertionNode => true,
        CaptureNode capture => IsZeroWidth(capture.Inner),
        ConcatNode concat => concat.Items.All(IsZeroWidth),
        AlternateNode alternation => alternation.Alternatives.All(IsZeroWidth),
        RepeatNode repeat => repeat.Max == 0 || IsZeroWidth(repeat.Inner),
        _ => false,
    };

    private static void WriteRepeat(StringBuilder output, RepeatNode repeat, StandInAlphabet alphabet)
    {
        if (repeat.Inner is CharSetNode or CaptureNode)
        {
            Write(output, repeat.Inner, alphabet); // already a single atom
        }
        else
        {
            WriteGroup(output, repeat.Inner, alphabet);
        }

        output.Append(repeat switch
        {
            { Min: 0, Max: -1 } => "*",
            { Min: 1, Max: -1 } => "+",
            { Min: 0, Max: 1 } => "?",
            { Max: -1 } => $"{{{repeat.Min},}}",
            _ when repeat.Min == repeat.Max => $"{{{repeat.Min}}}",
            _ => $"{{{repeat.Min},{repeat.Max}}}",
        });
    }

    private static void WriteGroup(StringBuilder output, GoRegexNode inner, StandInAlphabet alphabet)
    {
        output.Append("(?:");
        Write(output, inner, alphabet);
        output.Append(')');
    }

    /// <summary>
    /// Go's <c>$</c> without <c>(?m)</c> is end of text only (.NET's <c>$</c> also matches before a final
    /// newline), hence <c>\z</c>; the line anchors are scoped with an inline <c>(?m:)</c>, whose meaning
    /// (after / before any <c>\n</c>) is Go's. <c>\b</c> and <c>\B</c> are .NET's, which agree with Go's
    /// ASCII-only word boundaries because the encoded input has no non-ASCII word characters
    /// (see <see cref="StandInAlphabet"/>).
    /// </summary>
    private static string AssertionText(AssertionKind kind) => kind switch
    {
        AssertionKind.BeginText => @"\A",
        AssertionKind.EndText => @"\z",
        AssertionKind.BeginLine => "(?m:^)",
        AssertionKind.EndLine => "(?m:$)",
        AssertionKind.WordBoundary => @"\b",
        AssertionKind.NoWordBoundary => @"\B",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
