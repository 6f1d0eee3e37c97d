using System.Net;

namespace HookInjector.Host.Metrics.Endpoint;

/// <summary>
/// The connections the metrics endpoint holds, and who makes room when it is full. A connection
/// still waiting for its request head is the one to close: it costs the same as one being answered
/// and has shown nothing yet. So a client that opens connections and sends nothing evicts its own
/// oldest ones, and a scrape that sends its request at once gets in however many such connections
/// are open; a connection is refused only when every one in its way is being answered.
/// </summary>
internal sealed class ConnectionTable(int maxConnections, int maxPerClient)
{
    private readonly Lock gate = new();
    private readonly List<ScrapeConnection> held = [];

    public int Count
    {
        get
        {
            lock (gate)
            {
                return held.Count;
            }
        }
    }

    /// <summary>
    /// Holds <paramref name="connection"/> if there is room, or if a connection waiting for its head
    /// can be closed to make room (returned as <see cref="Admission.Evicted"/>, for the caller to close).
    /// </summary>
    public Admission Admit(ScrapeConnection connection)
    {
        lock (gate)
        {
            var sameClient = held.Where(other => other.Client.Equals(connection.Client)).ToList();
            if (sameClient.Count >= maxPerClient)
            {
                return Replace(sameClient, connection, ScrapeRejections.ClientLimit);
            }
            if (held.Count >= maxConnections)
            {
                return Replace(held, connection, ScrapeRejections.Busy);
            }
            held.Add(connection);
            return new Admission(true, null, null);
        }
    }

    public void Remove(ScrapeConnection connection)
    {
        lock (gate)
        {
            held.Remove(connection);
        }
    }

    public ScrapeConnection[] Snapshot()
    {
        lock (gate)
        {
            return [.. held];
        }
    }

    /// <summary>Held connections from one address.</summary>
    public int CountFrom(IPAddress client)
    {
        lock (gate)
        {
            return held.Count(connection => connection.Client.Equals(client));
        }
    }

    private Admission Replace(List<ScrapeConnection> candidates, ScrapeConnection connection, string reason)
    {
        // Held in accept order, so the first one waiting is the one waiting longest.
        var victim = candidates.FirstOrDefault(candidate => !candidate.HeadRead);
        if (victim is null)
        {
            return new Admission(false, reason, null);
        }
        held.Remove(victim);
        held.Add(connection);
        return new Admission(true, reason, victim);
    }

    /// <summary>Whether a connection was taken in, and the limit it met (null when it met none) with the connection closed for it.</summary>
    internal readonly record struct Admission(bool Admitted, string? Limit, ScrapeConnection? Evicted);
}
