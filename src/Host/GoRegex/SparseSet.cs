namespace HookInjector.Host.GoRegex;

/// <summary>
/// A set of program counters below a fixed capacity with O(1) add, lookup and clear, kept in
/// insertion order (Briggs and Torczon's sparse set, as Go's and RE2's engines use): clearing per
/// input position must not cost the program's length.
/// </summary>
internal sealed class SparseSet
{
    private readonly int[] _dense;
    private readonly int[] _sparse;

    public SparseSet(int capacity)
    {
        _dense = new int[capacity];
        _sparse = new int[capacity];
    }

    public int Count { get; private set; }

    public int this[int index] => _dense[index];

    public bool Contains(int value)
    {
        var slot = _sparse[value];
        return slot < Count && _dense[slot] == value;
    }

    /// <summary>Adds <paramref name="value"/>; false when it was already there.</summary>
    public bool Add(int value)
    {
        if (Contains(value))
        {
            return false;
        }

        _sparse[value] = Count;
        _dense[Count++] = value;
        return true;
    }

    public void Clear() => Count = 0;

    public ReadOnlySpan<int> AsSpan() => _dense.AsSpan(0, Count);
}
