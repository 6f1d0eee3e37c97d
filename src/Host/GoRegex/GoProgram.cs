namespace HookInjector.Host.GoRegex;

internal enum GoInstructionKind : byte
{
    /// <summary>Consumes one code point of <see cref="GoProgram.Sets"/>[<see cref="GoProgram.Argument"/>], then goes to Next.</summary>
    Rune,

    /// <summary>Goes on both to Next and to <see cref="GoProgram.Argument"/>.</summary>
    Split,

    /// <summary>Goes to Next when the <see cref="EmptyWidth"/> condition in <see cref="GoProgram.Argument"/> holds.</summary>
    Assert,

    /// <summary>The pattern has matched.</summary>
    Match,
}

/// <summary>
/// A Go pattern compiled to a Thompson NFA for match-only search (no captures, no priorities:
/// whether a match exists does not depend on which one Go would report). Instructions are kept as
/// parallel arrays indexed by program counter. Immutable; the engines keep their state elsewhere.
/// </summary>
internal sealed class GoProgram
{
    public GoProgram(GoInstructionKind[] kinds, int[] next, int[] argument, CodePointSet[] sets, int start)
    {
        Kinds = kinds;
        Next = next;
        Argument = argument;
        Sets = sets;
        Start = start;
        for (var pc = 0; pc < kinds.Length; pc++)
        {
            if (kinds[pc] == GoInstructionKind.Assert)
            {
                UsedConditions |= (EmptyWidth)argument[pc];
            }
        }

        ContextMask = (UsedConditions & (EmptyWidth.BeginText | EmptyWidth.BeginLine)) != 0 ? PositionContext.AtStart : PositionContext.None;
        ContextMask |= (UsedConditions & EmptyWidth.BeginLine) != 0 ? PositionContext.AfterNewline : PositionContext.None;
        ContextMask |= (UsedConditions & (EmptyWidth.WordBoundary | EmptyWidth.NoWordBoundary)) != 0 ? PositionContext.AfterWord : PositionContext.None;
        AnchoredAtStart = IsAnchoredAtStart();
    }

    public GoInstructionKind[] Kinds { get; }

    public int[] Next { get; }

    /// <summary>Per kind: the set index (Rune), the other branch (Split) or the condition (Assert).</summary>
    public int[] Argument { get; }

    /// <summary>The distinct code-point sets the Rune instructions consume.</summary>
    public CodePointSet[] Sets { get; }

    public int Start { get; }

    public int Length => Kinds.Length;

    /// <summary>Every assertion the program contains.</summary>
    public EmptyWidth UsedConditions { get; }

    /// <summary>
    /// The parts of <see cref="PositionContext"/> an assertion of this program can look at; the
    /// engines drop the rest, so that a lazy DFA does not tell apart states no assertion can.
    /// </summary>
    public PositionContext ContextMask { get; }

    /// <summary>
    /// Every path from the start passes <c>\A</c> (or <c>^</c> without <c>(?m)</c>) before consuming
    /// anything or matching: a search need not start a new thread after the first position.
    /// </summary>
    public bool AnchoredAtStart { get; }

    private bool IsAnchoredAtStart()
    {
        var visited = new bool[Length];
        var stack = new Stack<int>();
        stack.Push(Start);
        while (stack.TryPop(out var pc))
        {
            if (visited[pc])
            {
                continue;
            }

            visited[pc] = true;
            switch (Kinds[pc])
            {
                case GoInstructionKind.Rune or GoInstructionKind.Match:
                    return false;
                case GoInstructionKind.Split:
                    stack.Push(Next[pc]);
                    stack.Push(Argument[pc]);
                    break;
                case GoInstructionKind.Assert when (EmptyWidth)Argument[pc] != EmptyWidth.BeginText:
                    stack.Push(Next[pc]);
                    break;
            }
        }

        return true;
    }
}
