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

    private readonly TimeProvider? _time;
    private readonly long _started;
    private readonly TimeSpan _limit;
    private bool _exhausted;
    private TimeSpan _exhaustedAfter;
    private int _untilClockCheck;

    private SearchBudget(TimeProvider time, TimeSpan limit)
    {
        _time = time;
        _limit = limit;
        _started = time.GetTimestamp();
        _untilClockCheck = StepsBetweenClockChecks;
    }

    /// <summary>A budget that never runs out.</summary>
    public static SearchBudget Unlimited => default;

    /// <summary>The limit given at start; <see cref="TimeSpan.MaxValue"/> when unlimited.</summary>
    public readonly TimeSpan Limit => _time is null ? TimeSpan.MaxValue : _limit;

    /// <summary>Time since the budget started (zero when unlimited).</summary>
    public readonly TimeSpan Elapsed => _time?.GetElapsedTime(_started) ?? TimeSpan.Zero;

    /// <summary>Whether a search has found the budget spent; it never comes back.</summary>
    public readonly bool IsExhausted => _exhausted;

    /// <summary>The time that had passed when a search found the budget spent: what to report.</summary>
    public readonly TimeSpan ExhaustedAfter => _exhaustedAfter;

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
        if (_time is null)
        {
            return false;
        }

        _untilClockCheck -= steps;
        if (_untilClockCheck > 0)
        {
            return _exhausted;
        }

        _untilClockCheck = StepsBetweenClockChecks;
        return CheckExhausted();
    }

    /// <summary>Reads the clock; true (and from then on always) once the limit has passed.</summary>
    public bool CheckExhausted()
    {
        if (!_exhausted && _time is not null && Elapsed is var elapsed && elapsed >= _limit)
        {
            _exhausted = true;
            _exhaustedAfter = elapsed;
        }

        return _exhausted;
    }
}
