using System.Text;

namespace HookInjector.Host.GoRegex;

/// <summary>
/// Lets a .NET pattern treat every code point as one UTF-16 unit. Go matches whole code points,
/// .NET matches UTF-16 units, so a supplementary code point (an emoji, U+1F600) is two units to .NET.
/// Writing each class's supplementary part as surrogate-pair alternatives is exact but makes .NET's
/// NonBacktracking construction slow (about a second for <c>\pL</c>). Instead, the supplementary
/// code points are split into the few groups the pattern can tell apart (for <c>\pL</c>: letters
/// and non-letters), each group gets one surrogate unit as its stand-in, and <see cref="Encode"/>
/// replaces every surrogate pair of the input by its group's stand-in before matching. Valid UTF-16
/// never contains an unpaired surrogate, so stand-ins cannot be confused with real input; an unpaired
/// surrogate in the input is read as U+FFFD, as Go reads a byte of invalid UTF-8.
/// </summary>
internal sealed class SupplementaryAlphabet
{
    private const int FirstSupplementary = 0x10000;
    private const int FirstStandIn = 0xD800;
    private const int StandInCount = 0xE000 - 0xD800;

    /// <summary>Start of each interval of supplementary code points, ascending.</summary>
    private readonly int[] _intervalStarts;

    /// <summary>The group of each interval; intervals in one group are indistinguishable to the pattern.</summary>
    private readonly int[] _intervalGroups;

    private SupplementaryAlphabet(int[] intervalStarts, int[] intervalGroups)
    {
        _intervalStarts = intervalStarts;
        _intervalGroups = intervalGroups;
    }

    /// <summary>Groups the supplementary code points by membership in every class of the pattern; null if there are too many groups.</summary>
    public static SupplementaryAlphabet? For(GoRegexNode pattern)
    {
        var sets = new List<CodePointSet>();
        CollectSets(pattern, sets);
        var boundaries = new SortedSet<int> { FirstSupplementary };
        foreach (var set in sets)
        {
            foreach (var (low, high) in set.Ranges.Where(static r => r.High >= FirstSupplementary))
            {
                boundaries.Add(Math.Max(low, FirstSupplementary));
                boundaries.Add(high + 1);
            }
        }

        boundaries.Remove(CodePointSet.MaxCodePoint + 1);
        var starts = boundaries.ToArray();
        var memberships = new StringBuilder[starts.Length];
        for (var i = 0; i < memberships.Length; i++)
        {
            memberships[i] = new StringBuilder();
        }

        var setIndex = 0;
        foreach (var set in sets)
        {
            foreach (var (low, high) in set.Ranges.Where(static r => r.High >= FirstSupplementary))
            {
                for (var i = Array.BinarySearch(starts, Math.Max(low, FirstSupplementary)); i < starts.Length && starts[i] <= high; i++)
                {
                    memberships[i].Append(setIndex).Append(',');
                }
            }

            setIndex++;
        }

        var groupBySignature = new Dictionary<string, int>(StringComparer.Ordinal);
        var groups = memberships.Select(m => m.ToString())
            .Select(signature => groupBySignature.TryGetValue(signature, out var group)
                ? group
                : groupBySignature[signature] = groupBySignature.Count)
            .ToArray();
        return groupBySignature.Count <= StandInCount ? new SupplementaryAlphabet(starts, groups) : null;
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
                concat.Items.ToList().ForEach(item => CollectSets(item, sets));
                break;
            case AlternateNode alternation:
                alternation.Alternatives.ToList().ForEach(item => CollectSets(item, sets));
                break;
        }
    }

    /// <summary>The stand-in units of the supplementary code points in <paramref name="set"/>.</summary>
    public IEnumerable<CodePointRange> StandInsFor(CodePointSet set)
    {
        var included = new SortedSet<int>();
        for (var i = 0; i < _intervalStarts.Length; i++)
        {
            if (set.Contains(_intervalStarts[i]))
            {
                included.Add(FirstStandIn + _intervalGroups[i]);
            }
        }

        return included.Select(static unit => new CodePointRange(unit, unit));
    }

    /// <summary>The input as the translated pattern expects it: each surrogate pair replaced by its stand-in.</summary>
    public string Encode(string input)
    {
        var firstSurrogate = input.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (firstSurrogate < 0)
        {
            return input;
        }

        var output = new StringBuilder(input.Length).Append(input, 0, firstSurrogate);
        for (var i = firstSurrogate; i < input.Length; i++)
        {
            var c = input[i];
            if (!char.IsSurrogate(c))
            {
                output.Append(c);
            }
            else if (char.IsHighSurrogate(c) && i + 1 < input.Length && char.IsLowSurrogate(input[i + 1]))
            {
                output.Append(StandInOf(char.ConvertToUtf32(c, input[++i])));
            }
            else
            {
                output.Append('\uFFFD');
            }
        }

        return output.ToString();
    }

    private char StandInOf(int codePoint)
    {
        var index = Array.BinarySearch(_intervalStarts, codePoint);
        return (char)(FirstStandIn + _intervalGroups[index >= 0 ? index : ~index - 1]);
    }
}
