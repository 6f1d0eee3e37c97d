namespace HookInjector.Host.GoRegex;

/// <summary>
/// A set of program counters below a fixed capacity with O(1) add, lookup and clear, kept in
/// insertion order (Briggs and Torczon's sparse set, as Go's and RE2's engines use): clearing per
/// input position must not cost the program's length.
/// </summary>
internal sealed class SparseSet
{
    private readonly int[] dense;
    private readonly int[] sparse;

    public SparseSet(int capacity)
    {
        dense = new int[capacity];
        this.sparse = new int[capacity];
    }

    public int Count { get; private set; }

    public int this[int index] => dense[index];

    public bool Contains(int value)
    {
        var slot = this.sparse[value];
        return slot < Count && dense[slot] == value;
    }

    /// <summary>Adds <paramref name="value"/>; false when it was already there.</summary>
    public bool Add(int value)
    {
        if (Contains(value))
        {
            return false;
        }

        this.sparse[value] = Count;
        dense[Count++] = value;
        return true;
    }

    public void Clear() => Count = 0;

    public ReadOnlySpan<int> AsSpan() => dense.AsSpan(0, Count);
}
