namespace HookInjector.Host.GoRegex;

/// <summary>
/// The parsed form of a Go pattern. Every node carries the tree height and Go's estimate of the
/// compiled program size, computed the way Go's parser does, so the same nesting and size limits
/// can be enforced while parsing.
/// </summary>
internal abstract class GoRegexNode(int height, long size)
{
    public int Height { get; } = height;

    /// <summary>Go's compiled-size estimate (instructions), never below 1.</summary>
    public long Size { get; } = Math.Max(1, size);
}

/// <summary>Matches exactly one code point of <see cref="Set"/> (literals included, already case-folded).</summary>
internal sealed class CharSetNode(CodePointSet set) : GoRegexNode(1, 1)
{
    public CodePointSet Set { get; } = set;
}

internal enum AssertionKind
{
    BeginText,
    EndText,
    BeginLine,
    EndLine,
    WordBoundary,
    NoWordBoundary,
}

/// <summary>A zero-width test: anchors and word boundaries.</summary>
internal sealed class AssertionNode(AssertionKind kind) : GoRegexNode(1, 1)
{
    public AssertionKind Kind { get; } = kind;
}

/// <summary>Matches the empty string (an empty pattern, group or alternative).</summary>
internal sealed class EmptyNode() : GoRegexNode(1, 1)
{
    public static EmptyNode Instance { get; } = new();
}

/// <summary>A capturing group; captures do not affect a boolean match but count toward Go's limits.</summary>
internal sealed class CaptureNode(GoRegexNode inner) : GoRegexNode(inner.Height + 1, inner.Size + 2)
{
    public GoRegexNode Inner { get; } = inner;
}

internal sealed class ConcatNode(IReadOnlyList<GoRegexNode> items)
    : GoRegexNode(items.Max(static n => n.Height) + 1, items.Sum(static n => n.Size))
{
    public IReadOnlyList<GoRegexNode> Items { get; } = items;
}

internal sealed class AlternateNode(IReadOnlyList<GoRegexNode> alternatives)
    : GoRegexNode(alternatives.Max(static n => n.Height) + 1, alternatives.Sum(static n => n.Size) + alternatives.Count - 1)
{
    public IReadOnlyList<GoRegexNode> Alternatives { get; } = alternatives;
}

internal enum RepeatKind
{
    Star,
    Plus,
    Quest,

    /// <summary><c>{n}</c>, <c>{n,}</c> or <c>{n,m}</c>; only these count toward Go's 1000-copies limit.</summary>
    Counted,
}

/// <summary>A repetition; <see cref="Max"/> is -1 when unbounded. Greediness never changes a boolean match, so it is not kept.</summary>
internal sealed class RepeatNode(GoRegexNode inner, RepeatKind kind, int min, int max)
    : GoRegexNode(inner.Height + 1, EstimateSize(inner.Size, kind, min, max))
{
    public GoRegexNode Inner { get; } = inner;

    public RepeatKind Kind { get; } = kind;

    public int Min { get; } = min;

    public int Max { get; } = max;

    private static long EstimateSize(long inner, RepeatKind kind, int min, int max) => kind switch
    {
        RepeatKind.Star => 2 + inner,
        RepeatKind.Plus or RepeatKind.Quest => 1 + inner,
        _ when max == -1 => min == 0 ? 2 + inner : 1 + (min * inner),
        _ => (max * inner) + (max - min),
    };
}
