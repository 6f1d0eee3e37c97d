using System.Net;
using System.Net.Sockets;
using System.Text;
using HookInjector.Host.Metrics;
using HookInjector.Host.Metrics.Endpoint;
using HookInjector.Tests.OciHooks;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.Metrics;

/// <summary>
/// Clients that connect and send half a request, or nothing, do not keep scrapes out: the endpoint
/// holds many of them cheaply, closes a client's oldest idle ones when it exceeds its share, and
/// drops a head that does not arrive in time, counting each.
/// </summary>
public sealed class SlowClientTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly ManualTimeProvider time = new();
    private readonly MetricsProbe probe = new();
    private readonly HttpClient client = new();
    private readonly List<Socket> held = [];
    private readonly MetricsEndpoint endpoint;

    public SlowClientTests()
    {
        endpoint = new MetricsEndpoint(probe.Metrics, new MetricsAddress(new IPEndPoint(IPAddress.Loopback, 0)), NullLogger<MetricsEndpoint>.Instance, time);
    }

    public Task InitializeAsync() => endpoint.StartAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        held.ForEach(socket => socket.Dispose());
        await endpoint.DisposeAsync();
    }

    public void Dispose()
    {
        client.Dispose();
        probe.Dispose();
    }

    /// <summary>Opens a connection from <paramref name="from"/> (any 127.x.y.z is this machine) and sends the start of a request, never its end.</summary>
    private async Task HalfOpenAsync(IPAddress from)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        held.Add(socket);
        socket.Bind(new IPEndPoint(from, 0));
        await socket.ConnectAsync(endpoint.LocalEndPoint!);
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET /metr"));
    }

    private static async Task Eventually(Func<bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(10, deadline.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            Assert.False(deadline.IsCancellationRequested, $"timed out waiting for {what}");
        }
    }

    private async Task<HttpStatusCode> ScrapeAsync()
    {
        using var response = await client.GetAsync(new Uri($"http://{endpoint.LocalEndPoint}/metrics"));
        return response.StatusCode;
    }

    [Fact]
    public async Task ServesAScrapeWhileHolding64HalfOpenConnectionsFromOtherClients()
    {
        for (var i = 0; i < 64; i++)
        {
            await HalfOpenAsync(IPAddress.Parse($"127.0.0.{2 + (i % 4)}"));
        }
        await Eventually(() => endpoint.ConnectionCount == 64, "64 connections held");

        Assert.Equal(HttpStatusCode.OK, await ScrapeAsync());
        await Eventually(() => endpoint.ConnectionCount == 64, "the scrape's connection released, the 64 still held");
        Assert.Equal("0", probe.Sample("hook_injector_metrics_rejected_total{reason=\"busy\"}"));
        Assert.Equal("0", probe.Sample("hook_injector_metrics_rejected_total{reason=\"client_limit\"}"));
    }

    [Fact]
    public async Task ServesAScrapeFromTheAddressThatHolds64HalfOpenConnections()
    {
        for (var i = 0; i < 64; i++)
        {
            await HalfOpenAsync(IPAddress.Loopback);
        }
        var evictedForOthers = 64 - MetricsEndpoint.MaxConnectionsPerClient;
        await Eventually(() => probe.Sample("hook_injector_metrics_rejected_total{reason=\"client_limit\"}") == $"{evictedForOthers}", "the client's oldest idle connections closed");

        Assert.Equal(HttpStatusCode.OK, await ScrapeAsync());
        Assert.Equal($"{evictedForOthers + 1}", probe.Sample("hook_injector_metrics_rejected_total{reason=\"client_limit\"}"));
        await Eventually(() => endpoint.ConnectionCount == MetricsEndpoint.MaxConnectionsPerClient - 1, "the client's share held, less the one closed for the scrape");
    }

    [Fact]
    public async Task ClosesAConnectionWhoseHeadDoesNotArriveInTimeAndCountsIt()
    {
        var timersBefore = time.TimersCreated;
        await HalfOpenAsync(IPAddress.Loopback);
        // The exchange's deadline and the head's.
        await Eventually(() => time.TimersCreated >= timersBefore + 2, "the connection's deadlines set");

        time.Advance(MetricsEndpoint.HeadTimeout);

        var buffer = new byte[64];
        var read = await held[0].ReceiveAsync(buffer).WaitAsync(Patience);
        Assert.Equal(0, read);
        await Eventually(() => endpoint.ConnectionCount == 0, "the connection released");
        Assert.Equal("1", probe.Sample("hook_injector_metrics_rejected_total{reason=\"timeout\"}"));
    }

    [Fact]
    public async Task KeepsAConnectionWhoseHeadArrivesBeforeItsDeadline()
    {
        await HalfOpenAsync(IPAddress.Loopback);
        await Eventually(() => endpoint.ConnectionCount == 1, "the connection held");
        time.Advance(MetricsEndpoint.HeadTimeout - TimeSpan.FromMilliseconds(1));

        await held[0].SendAsync(Encoding.ASCII.GetBytes("ics HTTP/1.1\r\nHost: x\r\n\r\n"));
        using var stream = new NetworkStream(held[0]);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var answer = await reader.ReadToEndAsync().WaitAsync(Patience);

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", answer, StringComparison.Ordinal);
        Assert.Equal("0", probe.Sample("hook_injector_metrics_rejected_total{reason=\"timeout\"}"));
    }
}
