namespace HookInjector.Host.GoRegex;

/// <summary>Repetition operators <c>* + ?</c> and <c>{n}</c>, <c>{n,}</c>, <c>{n,m}</c>.</summary>
internal sealed partial class GoRegexParser
{
    private void ParseSimpleRepeat(int previousRepeat)
    {
        var (kind, min, max) = this.pattern[this.position] switch
        {
            '*' => (RepeatKind.Star, 0, -1),
            '+' => (RepeatKind.Plus, 1, -1),
            _ => (RepeatKind.Quest, 0, 1),
        };
        this.position = ApplyRepeat(kind, min, max, this.position, this.position + 1, previousRepeat);
    }

    /// <summary>Returns where the repetition began, or -1 when the brace was a literal.</summary>
    private int ParseBraceRepeat(int previousRepeat)
    {
        var start = this.position;
        if (!TryParseBraces(start, out var min, out var max, out var end))
        {
            // Anything not of the exact form {n}, {n,} or {n,m} (such as {,3} or a{2) is literal text.
            PushLiteral('{');
            this.position++;
            return -1;
        }

        if (min < 0 || min > MaxRepeat || max > MaxRepeat || (max >= 0 && min > max))
        {
            throw Error(GoRegexpErrorCode.InvalidRepeatSize, Slice(start, end));
        }

        this.position = ApplyRepeat(RepeatKind.Counted, min, max, start, end, previousRepeat);
        return start;
    }

    private int ApplyRepeat(RepeatKind kind, int min, int max, int start, int end, int previousRepeat)
    {
        if (At(end) == '?')
        {
            end++; // non-greedy: irrelevant to whether the pattern matches
        }

        if (previousRepeat >= 0)
        {
            // Go refuses stacked operators such as a**, a*+ or a{2}{3}.
            throw Error(GoRegexpErrorCode.InvalidRepeatOp, Slice(previousRepeat, end));
        }

        var items = current.Items;
        if (items.Count == 0)
        {
            throw Error(GoRegexpErrorCode.MissingRepeatArgument, Slice(start, end));
        }

        var repeat = new RepeatNode(items[^1], kind, min, max);
        items[^1] = repeat;
        CheckLimits(repeat);
        if (kind == RepeatKind.Counted && (min >= 2 || max >= 2) && !CopiesWithinLimit(repeat, MaxRepeat))
        {
            throw Error(GoRegexpErrorCode.InvalidRepeatSize, Slice(start, end));
        }

        return end;
    }

    /// <summary>
    /// Go's check that nested counted repetitions do not multiply past 1000 copies of the innermost
    /// expression: <c>(a{1000}){2}</c> is rejected while <c>(a{1000})*</c> is not.
    /// </summary>
    private static bool CopiesWithinLimit(GoRegexNode node, int budget)
    {
        if (node is RepeatNode { Kind: RepeatKind.Counted } counted)
        {
            if (counted.Max == 0)
            {
                return true;
            }

            var copies = counted.Max < 0 ? counted.Min : counted.Max;
            if (copies > budget)
            {
                return false;
            }

            if (copies > 0)
            {
                budget /= copies;
            }
        }

        return node switch
        {
            RepeatNode repeat => CopiesWithinLimit(repeat.Inner, budget),
            CaptureNode capture => CopiesWithinLimit(capture.Inner, budget),
            ConcatNode concat => concat.Items.All(item => CopiesWithinLimit(item, budget)),
            AlternateNode alternation => alternation.Alternatives.All(item => CopiesWithinLimit(item, budget)),
            _ => true,
        };
    }

    private bool TryParseBraces(int start, out int min, out int max, out int end)
    {
        max = -1;
        end = start + 1;
        if (!TryParseDecimal(ref end, out min) || end >= this.pattern.Length)
        {
            return false;
        }

        if (this.pattern[end] != ',')
        {
            max = min;
        }
        else
        {
            end++;
            if (end >= this.pattern.Length)
            {
                return false;
            }

            if (this.pattern[end] != '}')
            {
                if (!TryParseDecimal(ref end, out max))
                {
                    return false;
                }

                if (max < 0)
                {
                    min = -1; // too big: reported as an invalid repeat count
                }
            }
        }

        if (At(end) != '}')
        {
            return false;
        }

        end++;
        return true;
    }

    /// <summary>A decimal without leading zeros; values of 10^8 and more come back as -1, as in Go.</summary>
    private bool TryParseDecimal(ref int position, out int value)
    {
        value = 0;
        var start = position;
        if (!char.IsAsciiDigit(At(start) ?? ' ') || (this.pattern[start] == '0' && char.IsAsciiDigit(At(start + 1) ?? ' ')))
        {
            return false;
        }

        while (position < this.pattern.Length && char.IsAsciiDigit(this.pattern[position]))
        {
            position++;
        }

        foreach (var digit in this.pattern.AsSpan(start, position - start))
        {
            if (value >= 100_000_000)
            {
                value = -1;
                break;
            }

            value = (value * 10) + (digit - '0');
        }

        return true;
    }
}
