using System.Text;

namespace HookInjector.Host.GoRegex;

/// <summary>
/// Rewrites input characters so that the .NET pattern can mean exactly what the Go pattern means.
/// <para>
/// Two differences cannot be written as .NET pattern syntax: Go matches whole code points where
/// .NET matches UTF-16 units (an emoji is two units), and Go's <c>\b</c> counts only ASCII
/// <c>[0-9A-Za-z_]</c> as word characters where .NET counts all letters and digits (NonBacktracking
/// supports no lookaround to emulate it). So, per pattern, the non-ASCII code points are split into
/// the few groups the pattern can tell apart (for <c>\pL</c>: letters and the rest) and each group
/// gets one private-use stand-in character, which .NET treats as a non-word character, as Go does
/// for every non-ASCII character. <see cref="Encode"/> replaces each non-ASCII code point of the
/// input with its stand-in, and the translated classes contain stand-ins instead of those code
/// points. This also keeps each class a single small .NET set, which NonBacktracking builds fast.
/// An unpaired surrogate in the input is read as U+FFFD, as Go reads a byte of invalid UTF-8.
/// </para>
/// </summary>
internal sealed class StandInAlphabet
{
    /// <summary>First code point replaced by a stand-in; ASCII is matched as itself.</summary>
    private const int FirstMapped = 0x80;

    /// <summary>The private-use area: never a word character for .NET.</summary>
    private const int FirstStandIn = 0xE000;
    private const int StandInCount = 0xF900 - 0xE000;

    /// <summary>Start of each interval of mapped code points, ascending; the first is <see cref="FirstMapped"/>.</summary>
    private readonly int[] _intervalStarts;

    /// <summary>The group of each interval: intervals of one group are indistinguishable to the pattern.</summary>
    private readonly int[] _intervalGroups;

    private StandInAlphabet(int[] intervalStarts, int[] intervalGroups)
    {
        _intervalStarts = intervalStarts;
        _intervalGroups = intervalGroups;
    }

    /// <summary>
    /// The alphabet for a pattern, or null when it tells apart more groups than there are stand-ins
    /// (6,400 distinct non-ASCII characters; NonBacktracking would take minutes to build such a
    /// pattern anyway, as its construction time grows with the square of the distinct characters).
    /// </summary>
    public static StandInAlphabet? For(GoRegexNode pattern)
    {
        var sets = new List<CodePointSet>();
        CollectSets(pattern, sets);
        var boundaries = new SortedSet<int> { FirstMapped };
        foreach (var set in sets)
        {
            foreach (var (low, high) in set.Ranges.Where(static r => r.High >= FirstMapped))
            {
                boundaries.Add(Math.Max(low, FirstMapped));
                boundaries.Add(high + 1);
            }
        }

        boundaries.Remove(CodePointSet.MaxCodePoint + 1);
        var starts = boundaries.ToArray();

        // Each interval's signature lists the sets containing it; equal signatures share a group.
        var signatures = Enumerable.Range(0, starts.Length).Select(_ => new StringBuilder()).ToArray();
        for (var setIndex = 0; setIndex < sets.Count; setIndex++)
        {
            foreach (var (low, high) in sets[setIndex].Ranges.Where(static r => r.High >= FirstMapped))
            {
                for (var i = Array.BinarySearch(starts, Math.Max(low, FirstMapped)); i < starts.Length && starts[i] <= high; i++)
                {
                    signatures[i].Append(setIndex).Append(',');
                }
            }
        }

        var groupBySignature = new Dictionary<string, int>(StringComparer.Ordinal);
        var groups = new int[starts.Length];
        for (var i = 0; i < starts.Length; i++)
        {
            var signature = signatures[i].ToString();
            if (!groupBySignature.TryGetValue(signature, out groups[i]))
            {
                groups[i] = groupBySignature[signature] = groupBySignature.Count;
            }
        }

        return groupBySignature.Count <= StandInCount ? new StandInAlphabet(starts, groups) : null;
    }

    private static void CollectSets(GoRegexNode node, List<CodePointSet> sets)
    {
        switch (node)
        {
            case CharSetNode charSet:
                sets.Add(charSet.Set);
                break;
            case CaptureNode capture:
                CollectSets(capture.Inner, sets);
                break;
            case RepeatNode repeat:
                CollectSets(repeat.Inner, sets);
                break;
            case ConcatNode concat:
                foreach (var item in concat.Items)
                {
                    CollectSets(item, sets);
                }

                break;
            case AlternateNode alternation:
                foreach (var item in alternation.Alternatives)
                {
                    CollectSets(item, sets);
                }

                break;
        }
    }

    /// <summary>
    /// The UTF-16 units that match a member of <paramref name="set"/> in encoded input: its ASCII
    /// members and the stand-ins of the groups it contains.
    /// </summary>
    public IEnumerable<CodePointRange> UnitsFor(CodePointSet set)
    {
        foreach (var (low, high) in set.Ranges.Where(static r => r.Low < FirstMapped))
        {
            yield return new CodePointRange(low, Math.Min(high, FirstMapped - 1));
        }

        // Intervals never straddle a boundary of the set, so those starting inside a range are inside it.
        foreach (var (low, high) in set.Ranges.Where(static r => r.High >= FirstMapped))
        {
            for (var i = IntervalOf(Math.Max(low, FirstMapped)); i < _intervalStarts.Length && _intervalStarts[i] <= high; i++)
            {
                var standIn = FirstStandIn + _intervalGroups[i];
                yield return new CodePointRange(standIn, standIn);
            }
        }
    }

    /// <summary>The input as the translated pattern expects it.</summary>
    public string Encode(string input)
    {
        var firstToRewrite = input.AsSpan().IndexOfAnyExceptInRange('\0', (char)(FirstMapped - 1));
        if (firstToRewrite < 0)
        {
            return input;
        }

        var output = new StringBuilder(input.Length).Append(input, 0, firstToRewrite);
        for (var i = firstToRewrite; i < input.Length; i++)
        {
            var codePoint = (int)input[i];
            if (char.IsHighSurrogate(input[i]) && i + 1 < input.Length && char.IsLowSurrogate(input[i + 1]))
            {
                codePoint = char.ConvertToUtf32(input[i], input[++i]);
            }
            else if (char.IsSurrogate(input[i]))
            {
                codePoint = '\uFFFD';
            }

            output.Append(codePoint < FirstMapped ? (char)codePoint : StandInOf(codePoint));
        }

        return output.ToString();
    }

    private char StandInOf(int codePoint) => (char)(FirstStandIn + _intervalGroups[IntervalOf(codePoint)]);

    private int IntervalOf(int codePoint)
    {
        var index = Array.BinarySearch(_intervalStarts, codePoint);
        return index >= 0 ? index : ~index - 1;
    }
}
