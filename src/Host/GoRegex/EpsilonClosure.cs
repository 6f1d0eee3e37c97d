namespace HookInjector.Host.GoRegex;

/// <summary>
/// Follows a program's zero-width instructions (splits and assertions) from a set of threads at one
/// input position, collecting the Rune instructions they reach and whether one reaches Match. The
/// scratch space is sized by the program once and reused, so a step allocates nothing.
/// Not thread-safe: each engine instance owns one.
/// </summary>
internal sealed class EpsilonClosure
{
    private readonly GoProgram _program;
    private readonly SparseSet _visited;
    private readonly int[] _stack;
    private readonly int[] _runes;

    public EpsilonClosure(GoProgram program)
    {
        _program = program;
        _visited = new SparseSet(program.Length);
        _stack = new int[(2 * program.Length) + 1];
        _runes = new int[program.Length];
    }

    /// <summary>The Rune instructions reached by the last <see cref="Follow"/>.</summary>
    public ReadOnlySpan<int> Runes => _runes.AsSpan(0, RuneCount);

    /// <summary>How many instructions the last <see cref="Follow"/> visited: the engines' unit of work.</summary>
    public int Visited => _visited.Count;

    private int RuneCount { get; set; }

    /// <summary>
    /// Follows every thread of <paramref name="threads"/> under <paramref name="conditions"/>; true
    /// as soon as one reaches Match (then <see cref="Runes"/> is incomplete and must not be used).
    /// </summary>
    public bool Follow(ReadOnlySpan<int> threads, EmptyWidth conditions)
    {
        _visited.Clear();
        RuneCount = 0;
        var kinds = _program.Kinds;
        var next = _program.Next;
        var argument = _program.Argument;
        foreach (var thread in threads)
        {
            var depth = 0;
            _stack[depth++] = thread;
            while (depth > 0)
            {
                var pc = _stack[--depth];
                if (!_visited.Add(pc))
                {
                    continue;
                }

                switch (kinds[pc])
                {
                    case GoInstructionKind.Rune:
                        _runes[RuneCount++] = pc;
                        break;
                    case GoInstructionKind.Match:
                        return true;
                    case GoInstructionKind.Split:
                        // Each instruction is visited once and pushes at most two others: the stack is bounded by twice the program.
                        if (!_visited.Contains(argument[pc]))
                        {
                            _stack[depth++] = argument[pc];
                        }

                        if (!_visited.Contains(next[pc]))
                        {
                            _stack[depth++] = next[pc];
                        }

                        break;
                    case GoInstructionKind.Assert when (conditions & (EmptyWidth)argument[pc]) != 0:
                        if (!_visited.Contains(next[pc]))
                        {
                            _stack[depth++] = next[pc];
                        }

                        break;
                }
            }
        }

        return false;
    }
}
