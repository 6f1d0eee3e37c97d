using System.Globalization;
using System.Text;

namespace HookInjector.Host.GoRegex;

/// <summary>
/// Writes a code-point set as a .NET pattern that consumes exactly one code point. .NET classes
/// match single UTF-16 units, so code points above U+FFFF are written as surrogate pairs
/// (<c>\uD83D[\uDE00-\uDE4F]</c>) and unpaired surrogate units are never matched: Go matches whole
/// code points and no valid code point is a surrogate. This makes <c>.</c> and <c>[^a]</c> consume an
/// emoji as one character, exactly as in Go.
/// </summary>
internal static class Utf16ClassWriter
{
    private const int FirstSurrogate = 0xD800;
    private const int LastSurrogate = 0xDFFF;
    private const int FirstLowSurrogate = 0xDC00;
    private const int FirstSupplementary = 0x10000;

    /// <summary>Appends the set; the text is always a single atom that a quantifier can follow.</summary>
    public static void Write(StringBuilder output, CodePointSet set)
    {
        var basic = BasicPlaneRanges(set);
        var pairs = SurrogatePairs(set);
        if (pairs.Count == 0)
        {
            WriteUnits(output, basic);
            return;
        }

        output.Append("(?:");
        var separator = string.Empty;
        if (basic.Count > 0)
        {
            WriteUnits(output, basic);
            separator = "|";
        }

        foreach (var (highs, lows) in pairs)
        {
            output.Append(separator);
            WriteUnits(output, highs);
            WriteUnits(output, lows);
            separator = "|";
        }

        output.Append(')');
    }

    /// <summary>The members up to U+FFFF, without the surrogate block.</summary>
    private static List<CodePointRange> BasicPlaneRanges(CodePointSet set)
    {
        var result = new List<CodePointRange>();
        foreach (var (low, high) in set.Ranges)
        {
            AddClipped(result, low, high, 0, FirstSurrogate - 1);
            AddClipped(result, low, high, LastSurrogate + 1, 0xFFFF);
        }

        return result;
    }

    /// <summary>
    /// The supplementary members as (high surrogates, low surrogates) products: whole high-surrogate
    /// blocks are gathered into one product, partial blocks get one product per high surrogate.
    /// </summary>
    private static List<(List<CodePointRange> Highs, List<CodePointRange> Lows)> SurrogatePairs(CodePointSet set)
    {
        var fullHighs = new List<CodePointRange>();
        var partialLows = new SortedDictionary<int, List<CodePointRange>>();
        void AddPartial(int high, int lowFirst, int lowLast)
        {
            if (!partialLows.TryGetValue(high, out var lows))
            {
                partialLows[high] = lows = [];
            }

            lows.Add(new CodePointRange(lowFirst, lowLast));
        }

        foreach (var (low, high) in set.Ranges)
        {
            if (high < FirstSupplementary)
            {
                continue;
            }

            var (firstHigh, firstLow) = ToSurrogates(Math.Max(low, FirstSupplementary));
            var (lastHigh, lastLow) = ToSurrogates(high);
            if (firstHigh == lastHigh)
            {
                AddPartial(firstHigh, firstLow, lastLow);
                continue;
            }

            var fullFrom = firstHigh;
            if (firstLow != FirstLowSurrogate)
            {
                AddPartial(firstHigh, firstLow, LastSurrogate);
                fullFrom++;
            }

            var fullTo = lastHigh;
            if (lastLow != LastSurrogate)
            {
                AddPartial(lastHigh, FirstLowSurrogate, lastLow);
                fullTo--;
            }

            if (fullFrom <= fullTo)
            {
                fullHighs.Add(new CodePointRange(fullFrom, fullTo));
            }
        }

        var products = new List<(List<CodePointRange>, List<CodePointRange>)>();
        if (fullHighs.Count > 0)
        {
            products.Add((fullHighs, [new CodePointRange(FirstLowSurrogate, LastSurrogate)]));
        }

        foreach (var (high, lows) in partialLows)
        {
            products.Add(([new CodePointRange(high, high)], lows));
        }

        return products;
    }

    private static (int High, int Low) ToSurrogates(int codePoint)
    {
        var offset = codePoint - FirstSupplementary;
        return (FirstSurrogate + (offset >> 10), FirstLowSurrogate + (offset & 0x3FF));
    }

    private static void AddClipped(List<CodePointRange> result, int low, int high, int min, int max)
    {
        if (low <= max && high >= min)
        {
            result.Add(new CodePointRange(Math.Max(low, min), Math.Min(high, max)));
        }
    }

    /// <summary>Writes UTF-16 unit ranges as one escaped unit or a bracket class (an empty class never matches).</summary>
    private static void WriteUnits(StringBuilder output, List<CodePointRange> ranges)
    {
        if (ranges is [var only] && only.Low == only.High)
        {
            WriteUnit(output, only.Low);
            return;
        }

        if (ranges.Count == 0)
        {
            output.Append(@"[^\u0000-\uFFFF]");
            return;
        }

        output.Append('[');
        foreach (var (low, high) in ranges)
        {
            WriteUnit(output, low);
            if (high != low)
            {
                output.Append('-');
                WriteUnit(output, high);
            }
        }

        output.Append(']');
    }

    private static void WriteUnit(StringBuilder output, int unit)
    {
        if (char.IsAsciiLetterOrDigit((char)unit))
        {
            output.Append((char)unit);
        }
        else
        {
            output.Append(@"\u").Append(unit.ToString("X4", CultureInfo.InvariantCulture));
        }
    }
}
