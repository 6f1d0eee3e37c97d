namespace HookInjector.Host.GoRegex;

/// <summary>
/// What identifies a lazy DFA state: the program counters of the threads waiting for the next code
/// point (sorted) and the part of the preceding text the program's assertions can still look at.
/// </summary>
internal readonly struct DfaStateKey(int[] threads, PositionContext context) : IEquatable<DfaStateKey>
{
    private readonly int hash = Hash(threads, context);

    public int[] Threads { get; } = threads;

    public PositionContext Context { get; } = context;

    public bool Equals(DfaStateKey other) =>
        this.hash == other.hash && Context == other.Context && Threads.AsSpan().SequenceEqual(other.Threads);

    public override bool Equals(object? obj) => obj is DfaStateKey other && Equals(other);

    public override int GetHashCode() => this.hash;

    private static int Hash(int[] threads, PositionContext context)
    {
        var hash = new HashCode();
        hash.Add(context);
        hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(threads.AsSpan()));
        return hash.ToHashCode();
    }
}
