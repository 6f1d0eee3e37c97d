namespace HookInjector.Host.GoRegex;

/// <summary>
/// Thompson's NFA simulation without captures (a Pike VM that only asks "is there a match?"): all
/// threads advance together one code point at a time, each program counter at most once per
/// position, so a search costs at most (input length + 1) × program length steps and its memory is
/// fixed by the program. The engine of last resort: exact for every pattern, never fast.
/// Not thread-safe: one instance per concurrent search.
/// </summary>
internal sealed class PikeVm
{
    private readonly GoProgram program;
    private readonly EpsilonClosure closure;
    private SparseSet current;
    private SparseSet next;

    public PikeVm(GoProgram program)
    {
        this.program = program;
        closure = new EpsilonClosure(program);
        current = new SparseSet(program.Length);
        this.next = new SparseSet(program.Length);
    }

    /// <summary>Whether the program matches anywhere in <paramref name="input"/>; adds the work done to <paramref name="steps"/>.</summary>
    public GoMatchResult Search(string input, ref SearchBudget budget, ref long steps)
    {
        var sets = this.program.Sets;
        var next = this.program.Next;
        var argument = this.program.Argument;
        current.Clear();
        current.Add(this.program.Start);
        var context = PositionContext.AtStart & this.program.ContextMask;
        var width = 0;
        for (var index = 0; ; index += width)
        {
            var codePoint = index < input.Length ? InputDecoder.CodePointAt(input, index, out width) : PositionContexts.EndOfText;
            var matched = closure.Follow(current.AsSpan(), PositionContexts.ConditionsBefore(context, codePoint));
            var work = closure.Visited;
            if (matched)
            {
                steps += work;
                return GoMatchResult.Match;
            }

            if (codePoint == PositionContexts.EndOfText)
            {
                steps += work;
                return GoMatchResult.NoMatch;
            }

            this.next.Clear();
            foreach (var pc in closure.Runes)
            {
                if (sets[argument[pc]].Contains(codePoint))
                {
                    this.next.Add(next[pc]);
                }
            }

            if (!this.program.AnchoredAtStart)
            {
                this.next.Add(this.program.Start);
            }
            else if (this.next.Count == 0)
            {
                steps += work;
                return GoMatchResult.NoMatch;
            }

            (current, this.next) = (this.next, current);
            context = PositionContexts.After(codePoint) & this.program.ContextMask;
            steps += work + 1;
            if (budget.Spend(work + 1))
            {
                return GoMatchResult.Abandoned;
            }
        }
    }
}
