namespace HookInjector.Host.GoRegex;

/// <summary>
/// Follows a program's zero-width instructions (splits and assertions) from a set of threads at one
/// input position, collecting the Rune instructions they reach and whether one reaches Match. The
/// scratch space is sized by the program once and reused, so a step allocates nothing.
/// Not thread-safe: each engine instance owns one.
/// </summary>
internal sealed class EpsilonClosure
{
    private readonly GoProgram program;
    private readonly SparseSet visited;
    private readonly int[] stack;
    private readonly int[] runes;

    public EpsilonClosure(GoProgram program)
    {
        this.program = program;
        this.visited = new SparseSet(program.Length);
        this.stack = new int[(2 * program.Length) + 1];
        runes = new int[program.Length];
    }

    /// <summary>The Rune instructions reached by the last <see cref="Follow"/>.</summary>
    public ReadOnlySpan<int> Runes => runes.AsSpan(0, RuneCount);

    /// <summary>How many instructions the last <see cref="Follow"/> visited: the engines' unit of work.</summary>
    public int Visited => this.visited.Count;

    private int RuneCount { get; set; }

    /// <summary>
    /// Follows every thread of <paramref name="threads"/> under <paramref name="conditions"/>; true
    /// as soon as one reaches Match (then <see cref="Runes"/> is incomplete and must not be used).
    /// </summary>
    public bool Follow(ReadOnlySpan<int> threads, EmptyWidth conditions)
    {
        this.visited.Clear();
        RuneCount = 0;
        var kinds = this.program.Kinds;
        var next = this.program.Next;
        var argument = this.program.Argument;
        foreach (var thread in threads)
        {
            var depth = 0;
            this.stack[depth++] = thread;
            while (depth > 0)
            {
                var pc = this.stack[--depth];
                if (!this.visited.Add(pc))
                {
                    continue;
                }

                switch (kinds[pc])
                {
                    case GoInstructionKind.Rune:
                        runes[RuneCount++] = pc;
                        break;
                    case GoInstructionKind.Match:
                        return true;
                    case GoInstructionKind.Split:
                        // Each instruction is visited once and pushes at most two others: the stack is bounded by twice the program.
                        if (!this.visited.Contains(argument[pc]))
                        {
                            this.stack[depth++] = argument[pc];
                        }

                        if (!this.visited.Contains(next[pc]))
                        {
                            this.stack[depth++] = next[pc];
                        }

                        break;
                    case GoInstructionKind.Assert when (conditions & (EmptyWidth)argument[pc]) != 0:
                        if (!this.visited.Contains(next[pc]))
                        {
                            this.stack[depth++] = next[pc];
                        }

                        break;
                }
            }
        }

        return false;
    }
}
