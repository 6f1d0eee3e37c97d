namespace HookInjector.Host.GoRegex;

/// <summary>
/// The general strategy: the pattern's <see cref="GoProgram"/> searched by a <see cref="LazyDfa"/>,
/// or by the <see cref="PikeVm"/> when the DFA gives up, or while another thread holds the DFA
/// (a search never waits for another). Both are linear in the input and their memory is fixed per
/// pattern, so a hostile input can neither backtrack nor grow the process.
/// </summary>
internal sealed class AutomatonMatcher : GoMatcher
{
    private readonly GoProgram program;
    private readonly LazyDfa? dfa;
    private readonly Lock dfaGate = new();
    private PikeVm? idleVm;
    private long steps;

    public AutomatonMatcher(GoProgram program, bool useDfa)
    {
        this.program = program;
        dfa = useDfa ? new LazyDfa(program) : null;
    }

    /// <summary>The DFA's cache, for its counters; null when only the Pike VM runs.</summary>
    internal LazyDfa? Dfa => dfa;

    /// <summary>
    /// The work done by every search so far: code points read plus instructions followed. A search
    /// costs at most about (input length + 1) × (program length + 1) steps, twice when the DFA gives up.
    /// </summary>
    internal long Steps => Interlocked.Read(ref this.steps);

    internal int ProgramLength => this.program.Length;

    public override GoMatchResult Match(string input, ref SearchBudget budget)
    {
        if (budget.IsExhausted)
        {
            return GoMatchResult.Abandoned;
        }

        var steps = 0L;
        try
        {
            if (dfa is not null && dfaGate.TryEnter())
            {
                try
                {
                    if (dfa.TrySearch(input, ref budget, ref steps, out var result))
                    {
                        return result;
                    }
                }
                finally
                {
                    dfaGate.Exit();
                }
            }

            // One Pike VM is kept for reuse; a concurrent search builds its own.
            var vm = Interlocked.Exchange(ref idleVm, null) ?? new PikeVm(this.program);
            var answer = vm.Search(input, ref budget, ref steps);
            idleVm = vm;
            return answer;
        }
        finally
        {
            Interlocked.Add(ref this.steps, steps);
        }
    }
}
