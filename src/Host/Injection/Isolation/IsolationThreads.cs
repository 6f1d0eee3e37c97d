using System.Collections.Concurrent;

namespace HookInjector.Host.Injection.Isolation;

/// <summary>
/// The threads that run scripts and extensions, apart from the thread pool. A call that never
/// returns keeps its thread; on the pool that would slowly starve everything else (the timers and
/// continuations that abandon such calls included), here it costs one thread of this set, which
/// is replaced as soon as the call is abandoned. A replaced thread ends if its call ever returns,
/// so the set stays at <see cref="Size"/> threads serving work, plus one per call still running
/// after it was abandoned.
/// </summary>
internal static class IsolationThreads
{
    /// <summary>NRI hands the plugin one CreateContainer at a time; the second thread covers a call being abandoned.</summary>
    public const int Size = 2;

    public const string ThreadName = "hook-injector isolated calls";

    private static readonly BlockingCollection<Func<bool>> Queue = [];

    static IsolationThreads()
    {
        for (var index = 0; index < Size; index++)
        {
            StartThread();
        }
    }

    /// <summary>
    /// Queues <paramref name="work"/>; it returns true when the caller gave up on it while it ran
    /// (and called <see cref="ReplaceAbandoned"/>), and its thread then ends.
    /// </summary>
    public static void Run(Func<bool> work) => Queue.Add(work);

    /// <summary>Adds a thread in place of one whose call was abandoned and may never return.</summary>
    public static void ReplaceAbandoned() => StartThread();

    private static void StartThread() =>
        new Thread(Serve) { IsBackground = true, Name = ThreadName }.Start();

    private static void Serve()
    {
        foreach (var work in Queue.GetConsumingEnumerable())
        {
            if (work())
            {
                return;
            }
        }
    }
}
