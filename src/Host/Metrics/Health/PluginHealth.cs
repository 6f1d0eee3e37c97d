using System.Collections.Concurrent;
using System.Globalization;
using HookInjector.Abstractions;

namespace HookInjector.Host.Metrics.Health;

/// <summary>
/// What /healthz and /readyz answer, from facts the rest of the plugin reports as they happen.
/// <para>
/// Ready: registered with the runtime now (not only once: a plugin reconnecting injects nothing),
/// and every hook source loaded at least once, so the first container gets the hooks on disk.
/// </para>
/// <para>
/// Alive: nothing the plugin started is stuck. Its loops are idle most of the time (no container
/// created, no file changed), so a loop that has not ticked lately says nothing; what a hung loop
/// does show is an operation that never ends: a CreateContainer decision still running long after
/// the runtime gave up on it (it waits 2 s by default), or a load of a source still running
/// minutes later. Either keeps the loop behind it from serving anything again.
/// </para>
/// </summary>
internal sealed class PluginHealth
{
    /// <summary>The sources a container's hooks come from; each must have loaded once before the plugin is ready.</summary>
    public static readonly IReadOnlyList<string> Sources = [.. Enum.GetValues<HookSourceKind>().Select(SourceLabel.Of)];

    /// <summary>Far past the runtime's request timeout (2 s by default, rarely raised beyond 10 s).</summary>
    public static readonly TimeSpan CreateContainerLimit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Compiling hundreds of scripts on a busy node takes minutes, and a load in the worker may try three workers, each
    /// given 60 s on a script it is stuck on before the script is blamed; a load past this is hung (an NFS mount that
    /// stopped answering).
    /// </summary>
    public static readonly TimeSpan LoadLimit = TimeSpan.FromMinutes(5);

    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, bool> loaded = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Operation, bool> running = new();
    private int registered;

    public PluginHealth(TimeProvider time)
    {
        this.time = time;
    }

    /// <summary>Called with true on registration and false when that connection ends; systemd's notification listens here.</summary>
    public event Action<bool>? RegistrationChanged;

    public bool IsRegistered => Volatile.Read(ref registered) != 0;

    public void Registered() => SetRegistered(true);

    public void Disconnected() => SetRegistered(false);

    public void SourceLoaded(string source) => loaded[source] = true;

    /// <summary>Marks the start of an operation that must end within <paramref name="limit"/>; disposing the result ends it.</summary>
    public Operation Begin(string what, TimeSpan limit)
    {
        var operation = new Operation(this, what, limit, time.GetTimestamp());
        running[operation] = true;
        return operation;
    }

    public HealthReport Readiness()
    {
        var missing = Sources.Where(source => !loaded.ContainsKey(source)).ToList();
        var reasons = new List<string>();
        if (!IsRegistered)
        {
            reasons.Add("not registered with the runtime");
        }
        if (missing.Count > 0)
        {
            reasons.Add("not loaded yet: " + string.Join(", ", missing));
        }
        return reasons.Count == 0 ? HealthReport.Ok : new HealthReport(false, string.Join("; ", reasons));
    }

    public HealthReport Liveness()
    {
        var now = time.GetTimestamp();
        var stuck = running.Keys
            .Select(operation => (operation, Elapsed: time.GetElapsedTime(operation.Started, now)))
            .Where(entry => entry.Elapsed > entry.operation.Limit)
            .OrderByDescending(entry => entry.Elapsed)
            .Select(entry => string.Create(CultureInfo.InvariantCulture,
                $"{entry.operation.What} has been running for {entry.Elapsed.TotalSeconds:0} s (limit {entry.operation.Limit.TotalSeconds:0} s)"))
            .ToList();
        return stuck.Count == 0 ? HealthReport.Ok : new HealthReport(false, string.Join("; ", stuck));
    }

    private void SetRegistered(bool now)
    {
        if (Interlocked.Exchange(ref registered, now ? 1 : 0) != (now ? 1 : 0))
        {
            RegistrationChanged?.Invoke(now);
        }
    }

    /// <summary>One operation in progress; reference identity tells two of the same name apart.</summary>
    internal sealed class Operation(PluginHealth owner, string what, TimeSpan limit, long started) : IDisposable
    {
        public string What => what;

        public TimeSpan Limit => limit;

        public long Started => started;

        public void Dispose() => owner.running.TryRemove(this, out _);
    }
}
