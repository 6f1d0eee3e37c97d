namespace HookInjector.Host.GoRegex;

/// <summary>
/// Go's <c>unicode.SimpleFold</c> orbits (generated from Go), used to expand <c>(?i)</c> literals and
/// classes into explicit sets. .NET's own IgnoreCase uses different equivalences (for example it
/// does not fold <c>ſ</c> to <c>s</c> or <c>ς</c> to <c>σ</c>), so the engines never rely on it.
/// </summary>
internal static class GoCaseFolding
{
    private static readonly Lazy<(int[] Runes, int[] Folds)> Table = new(DecodeTable);

    /// <summary>The next code point in the case-folding orbit of <paramref name="codePoint"/>.</summary>
    public static int SimpleFold(int codePoint)
    {
        var (runes, folds) = Table.Value;
        var index = Array.BinarySearch(runes, codePoint);
        return index >= 0 ? folds[index] : codePoint;
    }

    /// <summary>The given ranges plus the orbits of every folding code point inside them.</summary>
    public static IEnumerable<CodePointRange> CloseOver(IReadOnlyList<CodePointRange> ranges)
    {
        var runes = Table.Value.Runes;
        foreach (var range in ranges)
        {
            yield return range;
            var index = Array.BinarySearch(runes, range.Low);
            for (index = index >= 0 ? index : ~index; index < runes.Length && runes[index] <= range.High; index++)
            {
                var start = runes[index];
                for (var folded = SimpleFold(start); folded != start; folded = SimpleFold(folded))
                {
                    yield return new CodePointRange(folded, folded);
                }
            }
        }
    }

    private static (int[] Runes, int[] Folds) DecodeTable()
    {
        var map = new SortedDictionary<int, int>();
        foreach (var run in GoUnicodeTables.EncodedSimpleFold.Split(','))
        {
            // Format "lo-hi/stride+delta" or "lo-hi/stride-delta" (hexadecimal).
            var slash = run.IndexOf('/', StringComparison.Ordinal);
            var dash = run.IndexOf('-', StringComparison.Ordinal);
            var signIndex = run.IndexOfAny(['+', '-'], slash);
            var low = GoUnicodeTables.ParseHex(run.AsSpan(0, dash));
            var high = GoUnicodeTables.ParseHex(run.AsSpan(dash + 1, slash - dash - 1));
            var stride = GoUnicodeTables.ParseHex(run.AsSpan(slash + 1, signIndex - slash - 1));
            var delta = GoUnicodeTables.ParseHex(run.AsSpan(signIndex + 1)) * (run[signIndex] == '-' ? -1 : 1);
            for (var codePoint = low; codePoint <= high; codePoint += stride)
            {
                map[codePoint] = codePoint + delta;
            }
        }

        return (map.Keys.ToArray(), map.Values.ToArray());
    }
}
