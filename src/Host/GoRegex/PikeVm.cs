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
    private readonly GoProgram _program;
    private readonly EpsilonClosure _closure;
    private SparseSet _current;
    private SparseSet _next;

    public PikeVm(GoProgram program)
    {
        _program = program;
        _closure = new EpsilonClosure(program);
        _current = new SparseSet(program.Length);
        _next = new SparseSet(program.Length);
    }

    /// <summary>Whether the program matches anywhere in <paramref name="input"/>; adds the work done to <paramref name="steps"/>.</summary>
    public GoMatchResult Search(string input, ref SearchBudget budget, ref long steps)
    {
        var sets = _program.Sets;
        var next = _program.Next;
        var argument = _program.Argument;
        _current.Clear();
        _current.Add(_program.Start);
        var context = PositionContext.AtStart & _program.ContextMask;
        var width = 0;
        for (var index = 0; ; index += width)
        {
            var codePoint = index < input.Length ? InputDecoder.CodePointAt(input, index, out width) : PositionContexts.EndOfText;
            var matched = _closure.Follow(_current.AsSpan(), PositionContexts.ConditionsBefore(context, codePoint));
            var work = _closure.Visited;
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

            _next.Clear();
            foreach (var pc in _closure.Runes)
            {
                if (sets[argument[pc]].Contains(codePoint))
                {
                    _next.Add(next[pc]);
                }
            }

            if (!_program.AnchoredAtStart)
            {
                _next.Add(_program.Start);
            }
            else if (_next.Count == 0)
            {
                steps += work;
                return GoMatchResult.NoMatch;
            }

            (_current, _next) = (_next, _current);
            context = PositionContexts.After(codePoint) & _program.ContextMask;
            steps += work + 1;
            if (budget.Spend(work + 1))
            {
                return GoMatchResult.Abandoned;
            }
        }
    }
}
