namespace HookInjector.Host.GoRegex;

/// <summary>
/// An immutable set of Unicode code points kept as sorted, disjoint, non-adjacent ranges: the
/// same representation Go's parser uses for character classes, so class semantics (negation,
/// case folding, unions of \d, [:alpha:], \p{Greek}) are computed here rather than delegated to
/// .NET's UTF-16 based classes.
/// </summary>
internal sealed class CodePointSet
{
    public const int MaxCodePoint = 0x10FFFF;

    private readonly CodePointRange[] ranges;

    // Membership of the 128 ASCII code points, the ones nearly every input consists of.
    private readonly ulong asciiLow;
    private readonly ulong asciiHigh;

    private CodePointSet(CodePointRange[] normalizedRanges)
    {
        this.ranges = normalizedRanges;
        foreach (var (low, high) in normalizedRanges)
        {
            for (var codePoint = low; codePoint <= Math.Min(high, 127); codePoint++)
            {
                if (codePoint < 64)
                {
                    asciiLow |= 1UL << codePoint;
                }
                else
                {
                    asciiHigh |= 1UL << (codePoint - 64);
                }
            }
        }
    }

    public static CodePointSet Empty { get; } = new([]);

    public static CodePointSet All { get; } = new([new CodePointRange(0, MaxCodePoint)]);

    public static CodePointSet AllExceptNewline { get; } =
        new([new CodePointRange(0, '\n' - 1), new CodePointRange('\n' + 1, MaxCodePoint)]);

    public IReadOnlyList<CodePointRange> Ranges => this.ranges;

    public bool Contains(int codePoint)
    {
        if (codePoint < 128)
        {
            return codePoint < 64 ? ((asciiLow >> codePoint) & 1) != 0 : ((asciiHigh >> (codePoint - 64)) & 1) != 0;
        }

        int low = 0, high = this.ranges.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var range = this.ranges[middle];
            if (codePoint < range.Low)
            {
                high = middle - 1;
            }
            else if (codePoint > range.High)
            {
                low = middle + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    public static CodePointSet Single(int codePoint) => new([new CodePointRange(codePoint, codePoint)]);

    /// <summary>Builds a set from ranges in any order, overlapping or not.</summary>
    public static CodePointSet FromRanges(IEnumerable<CodePointRange> ranges)
    {
        var sorted = ranges.ToArray();
        if (sorted.Length == 0)
        {
            return Empty;
        }

        Array.Sort(sorted, static (a, b) => a.Low.CompareTo(b.Low));
        var merged = new List<CodePointRange>(sorted.Length) { sorted[0] };
        foreach (var range in sorted.AsSpan(1))
        {
            var last = merged[^1];
            if (range.Low <= last.High + 1)
            {
                merged[^1] = last with { High = Math.Max(last.High, range.High) };
            }
            else
            {
                merged.Add(range);
            }
        }

        return new CodePointSet([.. merged]);
    }

    public CodePointSet Negate()
    {
        var result = new List<CodePointRange>(this.ranges.Length + 1);
        var nextLow = 0;
        foreach (var range in this.ranges)
        {
            if (range.Low > nextLow)
            {
                result.Add(new CodePointRange(nextLow, range.Low - 1));
            }

            nextLow = range.High + 1;
        }

        if (nextLow <= MaxCodePoint)
        {
            result.Add(new CodePointRange(nextLow, MaxCodePoint));
        }

        return new CodePointSet([.. result]);
    }

    /// <summary>Adds every code point that Go's simple case folding makes equivalent to a member.</summary>
    public CodePointSet WithCaseFolding() => FromRanges(GoCaseFolding.CloseOver(this.ranges));
}
