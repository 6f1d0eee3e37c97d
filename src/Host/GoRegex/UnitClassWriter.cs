using System.Globalization;
using System.Text;

namespace HookInjector.Host.GoRegex;

/// <summary>
/// Writes a code-point set as a .NET pattern atom matching one UTF-16 unit: the set's members up to
/// U+FFFF plus the stand-ins of its supplementary members (see <see cref="SupplementaryAlphabet"/>).
/// Surrogate code points themselves are dropped: Go never decodes a surrogate from its input.
/// </summary>
internal static class UnitClassWriter
{
    private const int FirstSurrogate = 0xD800;
    private const int LastSurrogate = 0xDFFF;

    public static void Write(StringBuilder output, CodePointSet set, SupplementaryAlphabet alphabet)
    {
        var units = set.Ranges
            .SelectMany(static r => Clip(r, 0, FirstSurrogate - 1).Concat(Clip(r, LastSurrogate + 1, 0xFFFF)))
            .Concat(alphabet.StandInsFor(set));
        WriteUnits(output, CodePointSet.FromRanges(units).Ranges);
    }

    private static IEnumerable<CodePointRange> Clip(CodePointRange range, int min, int max)
    {
        if (range.Low <= max && range.High >= min)
        {
            yield return new CodePointRange(Math.Max(range.Low, min), Math.Min(range.High, max));
        }
    }

    /// <summary>One escaped unit, or a bracket class (an empty one never matches).</summary>
    private static void WriteUnits(StringBuilder output, IReadOnlyList<CodePointRange> ranges)
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
