using System.Net;
using HookInjector.Host.Metrics;
using HookInjector.Host.Metrics.Endpoint;
using HookInjector.Host.Metrics.Health;
using HookInjector.Tests.OciHooks;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.Metrics;

/// <summary>/healthz and /readyz over a real loopback socket, following what the plugin reports, on a clock the test moves.</summary>
public sealed class HealthEndpointTests : IAsyncLifetime, IDisposable
{
    private readonly ManualTimeProvider time = new();
    private readonly PluginHealth health;
    private readonly HookInjectorMetrics metrics;
    private readonly HttpClient client = new();
    private readonly MetricsEndpoint endpoint;

    public HealthEndpointTests()
    {
        health = new PluginHealth(time);
        metrics = new HookInjectorMetrics(health);
        endpoint = new MetricsEndpoint(metrics, new MetricsAddress(new IPEndPoint(IPAddress.Loopback, 0)), NullLogger<MetricsEndpoint>.Instance);
    }

    public Task InitializeAsync() => endpoint.StartAsync(CancellationToken.None);

    public async Task DisposeAsync() => await endpoint.DisposeAsync();

    public void Dispose()
    {
        client.Dispose();
        metrics.Dispose();
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using var response = await client.GetAsync(new Uri($"http://{endpoint.LocalEndPoint}{path}"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private void LoadEverySource()
    {
        foreach (var source in PluginHealth.Sources)
        {
            metrics.SourceLoaded(source, problems: 0);
        }
    }

    [Fact]
    public async Task IsNotReadyBeforeRegistrationAndSaysWhatIsMissing()
    {
        metrics.SourceLoaded("hooks.d", problems: 0);

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "not registered with the runtime; not loaded yet: rules, scripts, extensions\n"), await GetAsync("/readyz"));
    }

    [Fact]
    public async Task IsNotReadyWhenRegisteredBeforeEverySourceLoaded()
    {
        health.Registered();
        metrics.SourceLoaded("hooks.d", problems: 3);
        metrics.SourceLoaded("rules", problems: 0);

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "not loaded yet: scripts, extensions\n"), await GetAsync("/readyz"));
    }

    [Fact]
    public async Task IsReadyOnceRegisteredWithEverySourceLoadedAndNotAgainWhileDisconnected()
    {
        LoadEverySource();
        health.Registered();
        Assert.Equal((HttpStatusCode.OK, "ok\n"), await GetAsync("/readyz"));

        health.Disconnected();
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "not registered with the runtime\n"), await GetAsync("/readyz"));

        health.Registered();
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/readyz")).Status);
    }

    [Fact]
    public async Task ProblemsInASourceDoNotMakeThePluginUnready()
    {
        LoadEverySource();
        metrics.SourceLoaded("rules", problems: 2);
        health.Registered();

        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/readyz")).Status);
    }

    [Fact]
    public async Task IsAliveBeforeRegistration()
    {
        Assert.Equal((HttpStatusCode.OK, "ok\n"), await GetAsync("/healthz"));
    }

    [Fact]
    public async Task IsNotAliveWhileACreateContainerRunsPastItsLimitAndAliveAgainOnceItEnds()
    {
        var hung = health.Begin("CreateContainer default/web/app", PluginHealth.CreateContainerLimit);
        time.Advance(PluginHealth.CreateContainerLimit);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/healthz")).Status);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "CreateContainer default/web/app has been running for 31 s (limit 30 s)\n"), await GetAsync("/healthz"));

        hung.Dispose();
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/healthz")).Status);
    }

    [Fact]
    public async Task AllowsALoadMoreTimeThanAContainer()
    {
        using var loading = metrics.Loading("scripts");
        time.Advance(PluginHealth.CreateContainerLimit * 2);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/healthz")).Status);

        time.Advance(PluginHealth.LoadLimit);
        var (status, body) = await GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.StartsWith("loading scripts has been running for 360 s", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswersHeadWithoutABody()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri($"http://{endpoint.LocalEndPoint}/readyz"));
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task RefusesOtherMethods()
    {
        using var response = await client.PostAsync(new Uri($"http://{endpoint.LocalEndPoint}/healthz"), new StringContent(""));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
