using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using HookInjector.Host.Metrics.Exposition;
using HookInjector.Host.Metrics.Health;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Metrics.Endpoint;

/// <summary>
/// Serves <c>GET /metrics</c> in the Prometheus text format, and the probes <c>/healthz</c> and
/// <c>/readyz</c>, on a socket of its own, far from the NRI connection: a slow, broken or hostile
/// client costs one bounded connection and never touches container creation. Everything else is
/// 404. The collector starts listening to the meter only when the endpoint first starts, so a plugin
/// without metrics pays nothing.
/// <para>
/// Clients that connect and send little or nothing must not keep the scrapes out. A request head
/// has <see cref="HeadTimeout"/> to arrive; the endpoint holds up to <see cref="MaxConnections"/>
/// connections (a waiting one costs a socket and a pooled read buffer), of which one client
/// address gets at most <see cref="MaxConnectionsPerClient"/>. What is turned away is closed at
/// once, counted in <c>hook_injector_metrics_rejected_total{reason}</c> and logged at most once a
/// minute.
/// </para>
/// </summary>
internal sealed partial class MetricsEndpoint : IAsyncDisposable
{
    public const string MetricsPath = "/metrics";
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";

    /// <summary>Far more than the scrapers and probes of one node ever open at once; beyond it a connection is turned away.</summary>
    public const int MaxConnections = 256;

    /// <summary>A Prometheus server, a node agent and the kubelet's probes need a few each; one address cannot fill the endpoint.</summary>
    public const int MaxConnectionsPerClient = 16;

    /// <summary>Prometheus and the kubelet send their request with the connection; a head still incomplete by then is not coming.</summary>
    public static readonly TimeSpan HeadTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Prometheus' own scrape requests are a few hundred bytes.</summary>
    private const int MaxRequestBytes = 8 * 1024;

    /// <summary>The whole exchange, writing the answer to a client that reads slowly included.</summary>
    private static readonly TimeSpan ExchangeTimeout = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan RejectionLogInterval = TimeSpan.FromMinutes(1);

    private readonly HookInjectorMetrics metrics;
    private readonly MetricsAddress? initialAddress;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly ConnectionTable connections = new(MaxConnections, MaxConnectionsPerClient);
    private readonly SemaphoreSlim switching = new(1, 1);
    private PrometheusCollector? collector;
    private volatile Listening? listening;
    private long lastRejectionLogged = long.MinValue;
    private int disposed;

    public MetricsEndpoint(HookInjectorMetrics metrics, MetricsAddress? initialAddress, ILogger<MetricsEndpoint> logger, TimeProvider? time = null)
    {
        this.metrics = metrics;
        this.initialAddress = initialAddress;
        this.logger = logger;
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>Connections held now, being answered or waiting for their request.</summary>
    internal int ConnectionCount => connections.Count;

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
        await Task.WhenAll([current.Accepting, .. connections.Snapshot().Select(connection => connection.Serving)]).WaitAsync(cancellationToken).ConfigureAwait(false);
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
            var connection = new ScrapeConnection(client, ((IPEndPoint)client.RemoteEndPoint!).Address, stoppingToken);
            var admission = connections.Admit(connection);
            if (admission.Limit is { } limit)
            {
                Rejected(connection.Client, limit);
            }
            if (!admission.Admitted)
            {
                client.Dispose();
                connection.Dispose();
                continue;
            }
            admission.Evicted?.Evict();
            connection.Serving = ServeAsync(connection, source);
        }
    }

    private void Rejected(IPAddress client, string reason)
    {
        metrics.ScrapeRejected(reason);
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref lastRejectionLogged);
        if ((last == long.MinValue || time.GetElapsedTime(last, now) >= RejectionLogInterval)
            && Interlocked.CompareExchange(ref lastRejectionLogged, now, last) == last)
        {
            LogRejected(client, reason, RejectionLogInterval.TotalSeconds);
        }
    }

    private async Task ServeAsync(ScrapeConnection connection, PrometheusCollector source)
    {
        // Off the accept loop at once: the next connection is accepted while this one waits.
        await Task.Yield();
        using var exchangeDeadline = new CancellationTokenSource(ExchangeTimeout, time);
        using var exchange = CancellationTokenSource.CreateLinkedTokenSource(connection.Closing.Token, exchangeDeadline.Token);
        var stream = new NetworkStream(connection.Socket, ownsSocket: true);
        try
        {
            await using (stream.ConfigureAwait(false))
            {
                var (head, failure) = await ReadHeadAsync(connection, stream, exchange.Token).ConfigureAwait(false);
                if (failure == RequestHead.Failure.Incomplete)
                {
                    return;
                }
                await stream.WriteAsync(Respond(head, failure, source), exchange.Token).ConfigureAwait(false);
                connection.Socket.Shutdown(SocketShutdown.Send);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
        {
            // Too slow, gone, closed to make room, or stopping: nothing to tell a client that is not listening.
        }
        catch (Exception e)
        {
            LogExchangeFailed(e);
        }
        finally
        {
            connections.Remove(connection);
            connection.Dispose();
        }
    }

    /// <summary>Reads the request head within <see cref="HeadTimeout"/>; a head that does not make it counts as a rejection.</summary>
    private async Task<(RequestHead? Head, RequestHead.Failure Failure)> ReadHeadAsync(ScrapeConnection connection, NetworkStream stream, CancellationToken cancellationToken)
    {
        using var headDeadline = new CancellationTokenSource(HeadTimeout, time);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, headDeadline.Token);
        try
        {
            var read = await ReadHeadAsync(stream, reading.Token).ConfigureAwait(false);
            connection.HeadRead = true;
            return read;
        }
        catch (OperationCanceledException) when (headDeadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Rejected(connection.Client, ScrapeRejections.Timeout);
            throw;
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

    private byte[] Respond(RequestHead? head, RequestHead.Failure failure, PrometheusCollector source) => (head, failure) switch
    {
        (_, RequestHead.Failure.TooLarge) => HttpResponse.Text(431, "Request Header Fields Too Large", "request head too large\n"),
        (null, _) => HttpResponse.Text(400, "Bad Request", "malformed request\n"),
        ({ Path: not (MetricsPath or LivenessPath or ReadinessPath) }, _) =>
            HttpResponse.Text(404, "Not Found", $"not found; metrics are at {MetricsPath}, probes at {LivenessPath} and {ReadinessPath}\n"),
        ({ Method: not ("GET" or "HEAD") }, _) => HttpResponse.Text(405, "Method Not Allowed", "use GET\n", allow: "GET, HEAD"),
        ({ Path: LivenessPath }, _) => Probe(metrics.Health.Liveness(), head.Method),
        ({ Path: ReadinessPath }, _) => Probe(metrics.Health.Readiness(), head.Method),
        _ => HttpResponse.Create(200, "OK", PrometheusText.ContentType, source.Scrape(), includeBody: head.Method == "GET"),
    };

    /// <summary>200 or 503 with the reason in the body, which <c>kubectl describe pod</c> shows for a failed probe.</summary>
    private static byte[] Probe(HealthReport report, string method) => report.Healthy
        ? HttpResponse.Create(200, "OK", HttpResponse.PlainText, report.Reason + "\n", includeBody: method == "GET")
        : HttpResponse.Create(503, "Service Unavailable", HttpResponse.PlainText, report.Reason + "\n", includeBody: method == "GET");

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metrics endpoint closed a connection from {Client} unanswered ({Reason}); such connections are counted in hook_injector_metrics_rejected_total and logged at most once every {Seconds} s")]
    private partial void LogRejected(IPAddress client, string reason, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metrics request failed")]
    private partial void LogExchangeFailed(Exception exception);

    private sealed record Listening(MetricsAddress Address, IPEndPoint EndPoint, Socket Socket, CancellationTokenSource Stopping, Task Accepting);
}
