using System.Net;
using System.Net.Sockets;

namespace HookInjector.Host.Metrics.Endpoint;

/// <summary>One accepted connection to the metrics endpoint, from accept until its answer is written or it is closed.</summary>
internal sealed class ScrapeConnection(Socket socket, IPAddress client, CancellationToken stopping) : IDisposable
{
    private volatile bool headRead;

    public Socket Socket => socket;

    public IPAddress Client => client;

    /// <summary>Cancelled when the endpoint stops or closes this connection to make room for another.</summary>
    public CancellationTokenSource Closing { get; } = CancellationTokenSource.CreateLinkedTokenSource(stopping);

    /// <summary>Set once the request head is in: from then on the connection is being answered and is not closed to make room.</summary>
    public bool HeadRead
    {
        get => headRead;
        set => headRead = value;
    }

    public Task Serving { get; set; } = Task.CompletedTask;

    /// <summary>Closes the connection to make room; a connection that has just ended on its own is left as it is.</summary>
    public void Evict()
    {
        try
        {
            // Its ServeAsync sees the cancellation, closes the socket and ends.
            Closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // It ended between being chosen and being closed.
        }
    }

    public void Dispose() => Closing.Dispose();
}
