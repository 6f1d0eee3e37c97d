namespace HookInjector.Host.Platform;

/// <summary>
/// Gives the memory a large (re)load used back to the system. Reading and compiling hooks.d,
/// rules, scripts or extensions can allocate many times what the published snapshot keeps, and the
/// plugin then mostly waits for containers, allocating too little for the GC to come back on its
/// own: the heap would stay at the load's high-water mark for good. After a load that allocated
/// more than <see cref="Threshold"/> on its thread, one blocking, compacting collection that also
/// decommits the freed memory costs a few milliseconds (4 ms after reading 1 000 hook files, which
/// allocates 45 MB); smaller loads are left to the GC.
/// </summary>
internal readonly struct MemoryAfterLoad
{
    public const long Threshold = 8 * 1024 * 1024;

    private readonly long allocatedBefore;

    private MemoryAfterLoad(long allocatedBefore) => this.allocatedBefore = allocatedBefore;

    /// <summary>Starts counting what the calling thread allocates; call <see cref="Release"/> on the same thread.</summary>
    public static MemoryAfterLoad Track() => new(GC.GetAllocatedBytesForCurrentThread());

    public void Release()
    {
        if (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore >= Threshold)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
    }
}
