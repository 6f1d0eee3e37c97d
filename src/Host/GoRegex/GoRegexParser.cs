namespace HookInjector.Host.GoRegex;

/// <summary>
/// A parser for Go's regexp syntax (RE2, as <c>regexp.Compile</c> reads it with Perl flags). It accepts
/// exactly the patterns Go accepts and, for the others, throws Go's error with Go's text. It scans
/// left to right like Go's parser and checks things in the same order, so that a pattern with several
/// problems reports the same one Go reports.
/// </summary>
internal sealed partial class GoRegexParser
{
    /// <summary>Go's limit on its compiled program (128 MiB of 40-byte instructions).</summary>
    internal const int MaxProgramSize = (128 << 20) / 40;

    // Go's limits. Height and size are computed on this parser's tree, which mirrors Go's (captures,
    // repeats, flattened concatenations and alternations) but not node for node: Go also merges
    // literals and factors alternations, so right at the limits the verdict can differ.
    private const int MaxRepeat = 1000;
    private const int MaxHeight = 1000;
    private const long MaxRunes = (128L << 20) / 4;

    private readonly string pattern;
    private readonly Stack<GroupFrame> enclosing = new();
    private GroupFrame current = new(GoParseFlags.None, capturing: false);
    private GoParseFlags flags;
    private int position;
    private long runeCount;

    private GoRegexParser(string pattern) => this.pattern = pattern;

    public static GoRegexNode Parse(string pattern) => new GoRegexParser(pattern).ParseWhole();

    private GoRegexNode ParseWhole()
    {
        // Go's "lastRepeat": where the previous token began if it was a repetition operator.
        var previousRepeat = -1;
        while (position < this.pattern.Length)
        {
            var repeat = -1;
            switch (this.pattern[position])
            {
                case '(' when At(position + 1) == '?':
                    ParseGroupOrFlags();
                    break;
                case '(':
                    OpenGroup(capturing: true, this.flags);
                    position++;
                    break;
                case '|':
                    EndAlternative();
                    position++;
                    break;
                case ')':
                    CloseGroup();
                    position++;
                    break;
                case '^':
                    PushAssertion(HasFlag(GoParseFlags.MultiLine) ? AssertionKind.BeginLine : AssertionKind.BeginText);
                    break;
                case '$':
                    PushAssertion(HasFlag(GoParseFlags.MultiLine) ? AssertionKind.EndLine : AssertionKind.EndText);
                    break;
                case '.':
                    Push(new CharSetNode(HasFlag(GoParseFlags.DotMatchesNewline) ? CodePointSet.All : CodePointSet.AllExceptNewline), 0);
                    position++;
                    break;
                case '[':
                    ParseClass();
                    break;
                case '*' or '+' or '?':
                    repeat = position;
                    ParseSimpleRepeat(previousRepeat);
                    break;
                case '{':
                    repeat = ParseBraceRepeat(previousRepeat);
                    break;
                case '\\':
                    ParseBackslash();
                    break;
                default:
                    PushLiteral(ReadCodePoint(ref position));
                    break;
            }

            previousRepeat = repeat;
        }

        var root = FinishGroupContent(current);
        if (enclosing.Count > 0)
        {
            throw Error(GoRegexpErrorCode.MissingParen, this.pattern);
        }

        return root;
    }

    private bool HasFlag(GoParseFlags flag) => (this.flags & flag) != 0;

    private char? At(int index) => index < this.pattern.Length ? this.pattern[index] : null;

    private string Slice(int start, int end) => this.pattern[start..end];

    private static GoRegexpSyntaxException Error(string code, string expression) => new(code, expression);

    private void PushAssertion(AssertionKind kind)
    {
        Push(new AssertionNode(kind), 0);
        position++;
    }

    private void PushLiteral(int codePoint) =>
        Push(new CharSetNode(FoldIfCaseInsensitive(CodePointSet.Single(codePoint))), 1);

    private void PushClass(CodePointSet set) => Push(new CharSetNode(set), 2L * set.Ranges.Count);

    private void Push(GoRegexNode node, long runes)
    {
        runeCount += runes;
        current.Items.Add(node);
        CheckLimits(node);
    }

    private void CheckLimits(GoRegexNode node)
    {
        if (runeCount > MaxRunes || node.Size > MaxProgramSize)
        {
            throw Error(GoRegexpErrorCode.Large, this.pattern);
        }

        if (node.Height > MaxHeight)
        {
            throw Error(GoRegexpErrorCode.NestingDepth, this.pattern);
        }
    }
}
