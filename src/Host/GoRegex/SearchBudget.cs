namespace HookInjector.Host.GoRegex;

/// <summary>
/// A deadline shared by several searches (all the hooks.d patterns tried for one container), read
/// from an injectable clock. The engines report their work to it (<see cref="Spend"/>) and it reads
/// the clock every few thousand steps, counted across searches so that many short searches are
/// bounded too: reading the clock costs nothing measurable and a search over it stops within
/// microseconds. A struct
/// passed by reference, so that budgeting a container allocates nothing; <c>default</c> is unlimited.
/// </summary>
internal struct SearchBudget
{
    /// <summary>Steps of work between two readings of the clock: some tens of microseconds.</summary>
    private const int StepsBetweenClockChecks = 8192;

    private readonly TimeProvider? time;
    private readonly long started;
    private readonly TimeSpan limit;
    private bool exhausted;
    private TimeSpan exhaustedAfter;
    private int untilClockCheck;

    private SearchBudget(TimeProvider time, TimeSpan limit)
    {
        this.time = time;
        this.limit = limit;
        this.started = time.GetTimestamp();
        untilClockCheck = StepsBetweenClockChecks;
    }

    /// <summary>A budget that never runs out.</summary>
    public static SearchBudget Unlimited => default;

    /// <summary>The limit given at start; <see cref="TimeSpan.MaxValue"/> when unlimited.</summary>
    public readonly TimeSpan Limit => this.time is null ? TimeSpan.MaxValue : this.limit;

    /// <summary>Time since the budget started (zero when unlimited).</summary>
    public readonly TimeSpan Elapsed => this.time?.GetElapsedTime(this.started) ?? TimeSpan.Zero;

    /// <summary>Whether a search has found the budget spent; it never comes back.</summary>
    public readonly bool IsExhausted => exhausted;

    /// <summary>The time that had passed when a search found the budget spent: what to report.</summary>
    public readonly TimeSpan ExhaustedAfter => exhaustedAfter;

    public static SearchBudget Start(TimeProvider time, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(time);
        return new SearchBudget(time, limit);
    }

    /// <summary>
    /// Records <paramref name="steps"/> of work; true once the budget is spent (and from then on
    /// always), in which case the search must stop.
    /// </summary>
    public bool Spend(int steps)
    {
        if (this.time is null)
        {
            return false;
        }

        untilClockCheck -= steps;
        if (untilClockCheck > 0)
        {
            return exhausted;
        }

        untilClockCheck = StepsBetweenClockChecks;
        return CheckExhausted();
    }

    /// <summary>Reads the clock; true (and from then on always) once the limit has passed.</summary>
    public bool CheckExhausted()
    {
        if (!exhausted && this.time is not null && Elapsed is var elapsed && elapsed >= this.limit)
        {
            exhausted = true;
            exhaustedAfter = elapsed;
        }

        return exhausted;
    }
}
