namespace HookInjector.Host.GoRegex;

/// <summary>
/// A DFA built lazily from a <see cref="GoProgram"/> while searching, as RE2 and Rust's
/// regex-automata do: each state is a set of NFA threads, and its transition on a class of code
/// points (<see cref="CodePointClasses"/>) is computed by one Pike VM step the first time that
/// class follows that state, then read from a table. Searching is then one table lookup per code
/// point. The state cache has a hard size (<see cref="MaxCacheBytes"/>): when full it is emptied
/// and rebuilt from the current state; if that happens again before the search has made some
/// progress per state built, the DFA gives up and the caller runs the Pike VM instead. Memory is
/// therefore bounded per pattern whatever the inputs, and time stays linear.
/// Not thread-safe: the caller serialises searches.
/// </summary>
internal sealed class LazyDfa
{
    /// <summary>The most memory the state cache may take; far more than an ordinary hook pattern needs.</summary>
    public const int MaxCacheBytes = 128 * 1024;

    /// <summary>Clears tolerated in one search before its progress is judged.</summary>
    private const int ClearsBeforeJudging = 2;

    /// <summary>Below this many code points read per state built since the last clear, the DFA gives up.</summary>
    private const int MinCodePointsPerState = 10;

    // Transition values other than a state number.
    private const int Unknown = -1;
    private const int Dead = -2;
    private const int Matched = -3;

    /// <summary>An estimate of a state's fixed cost: its key, its dictionary entry and array headers.</summary>
    private const int StateOverheadBytes = 96;

    private readonly GoProgram program;
    private readonly CodePointClasses classes;
    private readonly EpsilonClosure closure;
    private readonly SparseSet next;
    private readonly Dictionary<DfaStateKey, int> stateNumbers = [];
    private readonly List<DfaStateKey> states = [];

    /// <summary>Per state, one entry per class and a last one for the end of the input.</summary>
    private readonly int stride;
    private int[] transitions = [];
    private int startState = Unknown;
    private long stateBytes;

    public LazyDfa(GoProgram program)
    {
        this.program = program;
        classes = new CodePointClasses(program);
        closure = new EpsilonClosure(program);
        this.next = new SparseSet(program.Length);
        stride = classes.Count + 1;
    }

    /// <summary>States in the cache now.</summary>
    public int StateCount => this.states.Count;

    /// <summary>
    /// The estimated memory of the cache: its states and its whole transition table (allocated, not
    /// only used). Bounded by twice <see cref="MaxCacheBytes"/> whatever is searched.
    /// </summary>
    public long CacheBytes => stateBytes + ((long)this.transitions.Length * sizeof(int));

    /// <summary>The memory the states in the cache use, transitions included.</summary>
    private long UsedBytes => stateBytes + ((long)this.states.Count * stride * sizeof(int));

    /// <summary>How many times the cache has been emptied because it was full, over all searches.</summary>
    public long Clears { get; private set; }

    /// <summary>How many searches the DFA handed to the Pike VM because it kept filling its cache.</summary>
    public long GiveUps { get; private set; }

    /// <summary>
    /// Searches <paramref name="input"/>; false when the DFA gave up, and the caller must search
    /// again with the Pike VM. Adds the work done to <paramref name="steps"/>.
    /// </summary>
    public bool TrySearch(string input, ref SearchBudget budget, ref long steps, out GoMatchResult result)
    {
        var clears = 0;
        var readSinceClear = 0;
        var state = startState == Unknown ? startState = AddState(new DfaStateKey([this.program.Start], PositionContext.AtStart & this.program.ContextMask)) : startState;
        var width = 0;
        for (var index = 0; ; index += width)
        {
            int codePoint, column;
            if (index < input.Length)
            {
                codePoint = InputDecoder.CodePointAt(input, index, out width);
                column = classes.ClassOf(codePoint);
            }
            else
            {
                codePoint = PositionContexts.EndOfText;
                column = stride - 1;
            }

            var target = this.transitions[(state * stride) + column];
            if (target == Unknown)
            {
                var statesBefore = this.states.Count;
                target = Step(state, codePoint, ref steps, out var work);
                if (budget.Spend(work))
                {
                    result = GoMatchResult.Abandoned;
                    return true;
                }

                if (target >= 0 && this.states.Count > statesBefore && UsedBytes > MaxCacheBytes)
                {
                    // Full: keep only the state being entered, unless the cache keeps filling up
                    // without the search getting anywhere (a DFA exponentially larger than the NFA).
                    if (++clears > ClearsBeforeJudging && readSinceClear < MinCodePointsPerState * statesBefore)
                    {
                        GiveUps++;
                        result = GoMatchResult.NoMatch;
                        return false;
                    }

                    var entered = this.states[target];
                    Clear();
                    target = AddState(entered);
                    readSinceClear = 0;
                }
                else
                {
                    this.transitions[(state * stride) + column] = target;
                }
            }

            switch (target)
            {
                case Matched:
                    result = GoMatchResult.Match;
                    return true;
                case Dead:
                    result = GoMatchResult.NoMatch;
                    return true;
            }

            state = target;
            readSinceClear++;
            steps++;
            if (budget.Spend(1))
            {
                result = GoMatchResult.Abandoned;
                return true;
            }
        }
    }

    /// <summary>One Pike VM step from <paramref name="state"/> over <paramref name="codePoint"/>: the state it leads to, or Matched or Dead.</summary>
    private int Step(int state, int codePoint, ref long steps, out int work)
    {
        var key = this.states[state];
        var matched = closure.Follow(key.Threads, PositionContexts.ConditionsBefore(key.Context, codePoint));
        work = closure.Visited;
        steps += work;
        if (matched)
        {
            return Matched;
        }

        if (codePoint == PositionContexts.EndOfText)
        {
            return Dead;
        }

        var sets = this.program.Sets;
        var argument = this.program.Argument;
        this.next.Clear();
        foreach (var pc in closure.Runes)
        {
            if (sets[argument[pc]].Contains(codePoint))
            {
                this.next.Add(this.program.Next[pc]);
            }
        }

        if (!this.program.AnchoredAtStart)
        {
            this.next.Add(this.program.Start);
        }

        if (this.next.Count == 0)
        {
            return Dead;
        }

        var threads = this.next.AsSpan().ToArray();
        Array.Sort(threads);
        var next = new DfaStateKey(threads, PositionContexts.After(codePoint) & this.program.ContextMask);
        return stateNumbers.TryGetValue(next, out var existing) ? existing : AddState(next);
    }

    private int AddState(DfaStateKey key)
    {
        var number = this.states.Count;
        this.states.Add(key);
        stateNumbers.Add(key, number);
        var needed = (number + 1) * stride;
        if (this.transitions.Length < needed)
        {
            // Doubling, but never past the cache's size unless one state alone needs more.
            var grown = new int[Math.Max(needed, Math.Min(this.transitions.Length * 2, MaxCacheBytes / sizeof(int)))];
            this.transitions.AsSpan().CopyTo(grown);
            grown.AsSpan(this.transitions.Length).Fill(Unknown);
            this.transitions = grown;
        }

        stateBytes += StateOverheadBytes + (key.Threads.Length * sizeof(int));
        return number;
    }

    private void Clear()
    {
        Clears++;
        this.states.Clear();
        stateNumbers.Clear();
        this.transitions.AsSpan().Fill(Unknown);
        startState = Unknown;
        stateBytes = 0;
    }
}
