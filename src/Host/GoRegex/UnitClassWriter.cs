using System.Globalization;
using System.Text;

namespace HookInjector.Host.GoRegex;

/// <summary>
/// Writes a code-point set as a .NET pattern atom matching one UTF-16 unit of the encoded input
/// (see <see cref="StandInAlphabet"/>).
/// </summary>
internal static class UnitClassWriter
{
    public static void Write(StringBuilder output, CodePointSet set, StandInAlphabet alphabet) =>
        WriteUnits(output, CodePointSet.FromRanges(alphabet.UnitsFor(set)).Ranges);

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
