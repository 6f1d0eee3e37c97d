using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using HookInjector.Host.Metrics.Exposition;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Metrics.Endpoint;

/// <summary>
/// Serves <c>GET /metrics</c> in the Prometheus text format on a socket of its own, far from the
/// NRI connection: a slow, broken or hostile client costs one bounded connection (a few seconds, a
/// few kilobytes) and never touches container creation. Everything but /metrics is 404. The
/// collector starts listening to the meter only when the endpoint first starts, so a plugin without
/// metrics pays nothing.
/// </summary>
internal sealed partial class MetricsEndpoint : IHostedService, IAsyncDisposable
{
    public const string MetricsPath = "/metrics";

    /// <summary>Prometheus' own scrape requests are a few hundred bytes.</summary>
    private const int MaxRequestBytes = 8 * 1024;

    /// <summary>A scraper beyond this many at once is a misconfiguration or an attack; it is turned away.</summary>
    private const int MaxConnections = 16;

    private static readonly TimeSpan ExchangeTimeout = TimeSpan.FromSeconds(5);

    private readonly HookInjectorMetrics metrics;
    private readonly MetricsAddress? initialAddress;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<Task, bool> connections = new();
    private readonly SemaphoreSlim switching = new(1, 1);
    private PrometheusCollector? collector;
    private volatile Listening? listening;
    private int disposed;

    public MetricsEndpoint(HookInjectorMetrics metrics, MetricsAddress? initialAddress, ILogger<MetricsEndpoint> logger)
    {
        this.metrics = metrics;
        this.initialAddress = initialAddress;
        this.logger = logger;
    }

    /// <summary>The address actually bound (with the port chosen when 0 was asked for), or null when not serving.</summary>
    public IPEndPoint? LocalEndPoint => listening?.EndPoint;

    public Task StartAsync(CancellationToken cancellationToken) => ApplyAsync(initialAddress, cancellationToken);

    /// <summary>Serves on the address (stopping first when it changes), or stops serving for null.</summary>
    /// <exception cref="MetricsEndpointException">The address cannot be listened on.</exception>
    public async Task ApplyAsync(MetricsAddress? address, CancellationToken cancellationToken)
    {
        await switching.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (listening?.Address == address)
            {
                return;
            }
            await StopListeningAsync(cancellationToken).ConfigureAwait(false);
            if (address is not null)
            {
                listening = Listen(address);
                LogServing(listening.EndPoint, MetricsPath);
                if (!IPAddress.IsLoopback(listening.EndPoint.Address))
                {
                    LogReachableFromOutside(listening.EndPoint);
                }
            }
        }
        finally
        {
            switching.Release();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await switching.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await StopListeningAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            switching.Release();
        }
    }

    /// <summary>Safe to call twice: the container disposes the endpoint both as itself and as a hosted service.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        collector?.Dispose();
        switching.Dispose();
    }

    private Listening Listen(MetricsAddress address)
    {
        var socket = new Socket(address.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(address.EndPoint);
            socket.Listen(MaxConnections);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new MetricsEndpointException($"cannot serve metrics on {address}: {Describe(e)}", e);
        }
        if (collector is null)
        {
            collector = new PrometheusCollector(metrics.Meter);
            metrics.PublishZeroes();
        }
        var stopping = new CancellationTokenSource();
        var accepting = AcceptAsync(socket, collector, stopping.Token);
        return new Listening(address, (IPEndPoint)socket.LocalEndPoint!, socket, stopping, accepting);
    }

    private async Task StopListeningAsync(CancellationToken cancellationToken)
    {
        if (listening is not { } current)
        {
            return;
        }
        listening = null;
        await current.Stopping.CancelAsync().ConfigureAwait(false);
        current.Socket.Dispose();
        // Every exchange is bounded by its timeout and the cancelled token, so this wait is short.
        await Task.WhenAll([current.Accepting, .. connections.Keys]).WaitAsync(cancellationToken).ConfigureAwait(false);
        current.Stopping.Dispose();
    }

    private async Task AcceptAsync(Socket socket, PrometheusCollector source, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await socket.AcceptAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // A connection reset before it was accepted, or descriptors exhausted: keep serving.
                LogAcceptFailed(e.Message);
                continue;
            }
            if (connections.Count >= MaxConnections)
            {
                client.Dispose();
                continue;
            }
            var exchange = ServeAsync(client, source, stoppingToken);
            connections.TryAdd(exchange, true);
            _ = exchange.ContinueWith(done => connections.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket client, PrometheusCollector source, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(ExchangeTimeout);
        var stream = new NetworkStream(client, ownsSocket: true);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                var (head, failure) = await ReadHeadAsync(stream, timeout.Token).ConfigureAwait(false);
                if (failure == RequestHead.Failure.Incomplete)
                {
                    return;
                }
                await stream.WriteAsync(Respond(head, failure, source), timeout.Token).ConfigureAwait(false);
                client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
            {
                // Too slow, gone, or stopping: nothing to tell a client that is not listening.
            }
            catch (Exception e)
            {
                LogExchangeFailed(e);
            }
        }
    }

    private static async Task<(RequestHead? Head, RequestHead.Failure Failure)> ReadHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        try
        {
            return await RequestHead.ReadAsync(reader, MaxRequestBytes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Returns the reader's pooled buffers whether the request was read, too slow or broken.
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static byte[] Respond(RequestHead? head, RequestHead.Failure failure, PrometheusCollector source) => (head, failure) switch
    {
        (_, RequestHead.Failure.TooLarge) => HttpResponse.Text(431, "Request Header Fields Too Large", "request head too large\n"),
        (null, _) => HttpResponse.Text(400, "Bad Request", "malformed request\n"),
        ({ Path: not MetricsPath }, _) => HttpResponse.Text(404, "Not Found", "not found; metrics are at /metrics\n"),
        ({ Method: "GET" or "HEAD" }, _) => HttpResponse.Create(200, "OK", PrometheusText.ContentType, source.Scrape(), includeBody: head.Method == "GET"),
        _ => HttpResponse.Text(405, "Method Not Allowed", "use GET\n", allow: "GET, HEAD"),
    };

    private static string Describe(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse => "the address is already in use (another process listens on that port)",
        SocketError.AddressNotAvailable => "the address does not belong to this machine",
        SocketError.AccessDenied => "permission denied (ports below 1024 need privileges)",
        _ => e.Message,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving metrics on http://{EndPoint}{Path}")]
    private partial void LogServing(IPEndPoint endPoint, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metrics on {EndPoint} can be reached from other machines; the endpoint has no authentication, restrict access with a firewall or network policy")]
    private partial void LogReachableFromOutside(IPEndPoint endPoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metrics endpoint could not accept a connection: {Reason}")]
    private partial void LogAcceptFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metrics request failed")]
    private partial void LogExchangeFailed(Exception exception);

    private sealed record Listening(MetricsAddress Address, IPEndPoint EndPoint, Socket Socket, CancellationTokenSource Stopping, Task Accepting);
}
