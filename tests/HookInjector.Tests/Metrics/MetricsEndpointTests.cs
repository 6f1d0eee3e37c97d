using System.Net;
using System.Net.Sockets;
using System.Text;
using HookInjector.Host.Metrics;
using HookInjector.Host.Metrics.Endpoint;
using HookInjector.Tests.OciHooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.Metrics;

/// <summary>The endpoint over a real loopback socket, scraped with HttpClient as Prometheus would.</summary>
public sealed class MetricsEndpointTests : IAsyncLifetime, IDisposable
{
    private static readonly MetricsAddress AnyLoopbackPort = new(new IPEndPoint(IPAddress.Loopback, 0));

    private readonly HookInjectorMetrics metrics = new();
    private readonly HttpClient client = new();
    private readonly MetricsEndpoint endpoint;

    public MetricsEndpointTests()
    {
        endpoint = new MetricsEndpoint(metrics, AnyLoopbackPort, NullLogger<MetricsEndpoint>.Instance);
    }

    public Task InitializeAsync() => endpoint.StartAsync(CancellationToken.None);

    public async Task DisposeAsync() => await endpoint.DisposeAsync();

    public void Dispose()
    {
        client.Dispose();
        metrics.Dispose();
    }

    private Uri Url(string path) => new($"http://{endpoint.LocalEndPoint}{path}");

    [Fact]
    public async Task ServesTheCountersInTheTextFormat()
    {
        metrics.ContainerSeen();
        metrics.ContainerSeen();
        metrics.ContainerSeen();

        using var response = await client.GetAsync(Url("/metrics"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Contains("\nhook_injector_containers_total 3\n", body, StringComparison.Ordinal);
        Assert.Contains("hook_injector_hooks_injected_total{source=\"extensions\"} 0\n", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/metrics/")]
    [InlineData("/health")]
    public async Task AnswersNotFoundForAnythingElse(string path)
    {
        using var response = await client.GetAsync(Url(path));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AcceptsAQueryStringOnMetrics()
    {
        using var response = await client.GetAsync(Url("/metrics?name[]=x"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RefusesOtherMethods()
    {
        using var response = await client.PostAsync(Url("/metrics"), new StringContent(""));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task RefusesAnOversizedRequestHead()
    {
        var request = $"GET /metrics HTTP/1.1\r\nHost: x\r\nX-Padding: {new string('a', 16 * 1024)}\r\n\r\n";
        Assert.StartsWith("HTTP/1.1 431 ", await ExchangeAsync(request), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswersBadRequestToSomethingThatIsNotHttp()
    {
        Assert.StartsWith("HTTP/1.1 400 ", await ExchangeAsync("hello there\r\n\r\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepsServingWhileAClientSendsNothing()
    {
        using var idle = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await idle.ConnectAsync(endpoint.LocalEndPoint!);
        using var half = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await half.ConnectAsync(endpoint.LocalEndPoint!);
        await half.SendAsync(Encoding.ASCII.GetBytes("GET /metr"));

        using var response = await client.GetAsync(Url("/metrics"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ReportsAPortInUseNamingTheAddress()
    {
        var taken = endpoint.LocalEndPoint!;
        await using var second = new MetricsEndpoint(metrics, new MetricsAddress(taken), NullLogger<MetricsEndpoint>.Instance);

        var error = await Assert.ThrowsAsync<MetricsEndpointException>(() => second.StartAsync(CancellationToken.None));

        Assert.Equal($"cannot serve metrics on {taken}: the address is already in use (another process listens on that port)", error.Message);
        Assert.Null(second.LocalEndPoint);
    }

    [Fact]
    public async Task StopsListeningWhenStoppedAndCanMoveToAnotherAddress()
    {
        var first = endpoint.LocalEndPoint!;
        await endpoint.ApplyAsync(null, CancellationToken.None);

        Assert.Null(endpoint.LocalEndPoint);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri($"http://{first}/metrics")));

        await endpoint.ApplyAsync(AnyLoopbackPort, CancellationToken.None);
        using var response = await client.GetAsync(Url("/metrics"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task WarnsWhenListeningBeyondLoopbackOnly()
    {
        var log = new ListLogger<MetricsEndpoint>();
        await using var exposed = new MetricsEndpoint(metrics, new MetricsAddress(new IPEndPoint(IPAddress.Any, 0)), log);

        await exposed.StartAsync(CancellationToken.None);

        var warning = Assert.Single(log.Messages(LogLevel.Warning));
        Assert.StartsWith($"Metrics on {exposed.LocalEndPoint} can be reached from other machines", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DoesNotWarnOnLoopback()
    {
        var log = new ListLogger<MetricsEndpoint>();
        await using var local = new MetricsEndpoint(metrics, AnyLoopbackPort, log);

        await local.StartAsync(CancellationToken.None);

        Assert.Empty(log.Messages(LogLevel.Warning));
        Assert.Single(log.Messages(LogLevel.Information));
    }

    private async Task<string> ExchangeAsync(string request)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endpoint.LocalEndPoint!);
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        using var stream = new NetworkStream(socket);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadToEndAsync();
    }
}
