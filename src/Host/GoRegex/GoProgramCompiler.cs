namespace HookInjector.Host.GoRegex;

/// <summary>
/// Builds the <see cref="GoProgram"/> of a parsed pattern by Thompson's construction, back to
/// front: each node is compiled knowing where its matches continue, so no instruction has to be
/// patched later. Counted repeats are expanded as Go expands them (<c>x{2,4}</c> is
/// <c>xx(x(x)?)?</c>), which the parser has already bounded to Go's program-size limit.
/// </summary>
internal sealed class GoProgramCompiler
{
    private readonly List<GoInstructionKind> kinds = [];
    private readonly List<int> next = [];
    private readonly List<int> argument = [];
    private readonly List<CodePointSet> sets = [];
    private readonly Dictionary<CodePointSet, int> setIndex = new(ReferenceEqualityComparer.Instance);

    private GoProgramCompiler()
    {
    }

    public static GoProgram Compile(GoRegexNode root)
    {
        var compiler = new GoProgramCompiler();
        var match = compiler.Emit(GoInstructionKind.Match, -1, 0);
        var start = compiler.Compile(root, match);
        return new GoProgram([.. compiler.kinds], [.. compiler.next], [.. compiler.argument], [.. compiler.sets], start);
    }

    /// <summary>Compiles <paramref name="node"/> so that its matches continue at <paramref name="next"/>; returns its entry.</summary>
    private int Compile(GoRegexNode node, int next)
    {
        switch (node)
        {
            case CharSetNode charSet:
                return Emit(GoInstructionKind.Rune, next, SetIndex(charSet.Set));
            case AssertionNode assertion:
                return Emit(GoInstructionKind.Assert, next, (int)Condition(assertion.Kind));
            case EmptyNode:
                return next;
            case CaptureNode capture:
                return Compile(capture.Inner, next);
            case ConcatNode concat:
                for (var i = concat.Items.Count - 1; i >= 0; i--)
                {
                    next = Compile(concat.Items[i], next);
                }

                return next;
            case AlternateNode alternation:
                var entry = Compile(alternation.Alternatives[^1], next);
                for (var i = alternation.Alternatives.Count - 2; i >= 0; i--)
                {
                    entry = Emit(GoInstructionKind.Split, Compile(alternation.Alternatives[i], next), entry);
                }

                return entry;
            case RepeatNode repeat:
                return CompileRepeat(repeat.Inner, repeat.Min, repeat.Max, next);
            default:
                throw new InvalidOperationException($"Unknown Go regexp node {node.GetType().Name}.");
        }
    }

    private int CompileRepeat(GoRegexNode inner, int min, int max, int next)
    {
        if (max == -1)
        {
            // x{n,} is n-1 copies of x then x+; x{0,} is x*.
            var loop = Emit(GoInstructionKind.Split, -1, next);
            var body = Compile(inner, loop);
            this.next[loop] = body;
            var entry = min == 0 ? loop : body;
            for (var i = 1; i < min; i++)
            {
                entry = Compile(inner, entry);
            }

            return entry;
        }

        // The optional copies nest, each one skipping straight to what follows the repeat.
        var optional = next;
        for (var i = min; i < max; i++)
        {
            optional = Emit(GoInstructionKind.Split, Compile(inner, optional), next);
        }

        for (var i = 0; i < min; i++)
        {
            optional = Compile(inner, optional);
        }

        return optional;
    }

    private static EmptyWidth Condition(AssertionKind kind) => kind switch
    {
        AssertionKind.BeginText => EmptyWidth.BeginText,
        AssertionKind.EndText => EmptyWidth.EndText,
        AssertionKind.BeginLine => EmptyWidth.BeginLine,
        AssertionKind.EndLine => EmptyWidth.EndLine,
        AssertionKind.WordBoundary => EmptyWidth.WordBoundary,
        AssertionKind.NoWordBoundary => EmptyWidth.NoWordBoundary,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private int SetIndex(CodePointSet set)
    {
        if (!setIndex.TryGetValue(set, out var index))
        {
            index = setIndex[set] = sets.Count;
            sets.Add(set);
        }

        return index;
    }

    private int Emit(GoInstructionKind kind, int next, int argument)
    {
        kinds.Add(kind);
        this.next.Add(next);
        this.argument.Add(argument);
        return kinds.Count - 1;
    }
}
