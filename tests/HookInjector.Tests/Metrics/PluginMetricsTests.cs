using System.Net;
using System.Net.Sockets;
using HookInjector.Host.Cli;
using HookInjector.Host.Configuration;
using HookInjector.Host.Metrics.Endpoint;
using HookInjector.Host.Nri.Api;
using HookInjector.Tests.Nri;
using HookInjector.Tests.OciHooks;

namespace HookInjector.Tests.Metrics;

/// <summary>The whole plugin, as composed for the command line, against a fake runtime: the metrics it serves follow the containers it sees.</summary>
public sealed class PluginMetricsTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly CancellationTokenSource stop = new();

    public void Dispose()
    {
        stop.Dispose();
        temp.Dispose();
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>A plugin on the test's private paths, serving metrics on <paramref name="port"/>.</summary>
    private PluginSettings Settings(int port)
    {
        Assert.True(MetricsAddress.TryParse($"127.0.0.1:{port}", out var address, out _));
        return new PluginSettings
        {
            Index = "10",
            SocketPath = temp.Combine("nri.sock"),
            HooksDirs = [temp.Combine("hooks.d")],
            RulesDir = temp.Combine("rules.d"),
            ExtensionsDir = temp.Combine("extensions"),
            ScriptCacheDir = temp.Combine("cache"),
            DisableWatch = true,
            MetricsAddress = address,
        };
    }

    [Fact]
    public async Task ServesCountsOfTheContainersAndHooksItHandled()
    {
        temp.Write("hooks.d/always.json", $$"""{"version":"1.0.0","hook":{"path":"{{TestHooks.ExistingPath}}"},"when":{"always":true},"stages":["prestart"]}""");
        var port = FreeLoopbackPort();
        var settings = Settings(port);
        await using var runtime = new FakeRuntime(settings.SocketPath);
        var plugin = PluginHost.RunAsync(CommandLineSettings.None, null, settings, stop.Token);
        try
        {
            var peer = await runtime.NextPeerAsync();
            await peer.ConfigureAsync();
            var pod = new PodSandbox { Name = "demo", Namespace = "default" };
            await peer.CallAsync("CreateContainer", new CreateContainerRequest { Pod = pod, Container = new Container { Name = "a" } }, CreateContainerResponse.Parser);
            await peer.CallAsync("CreateContainer", new CreateContainerRequest { Pod = pod, Container = new Container { Name = "b" } }, CreateContainerResponse.Parser);

            using var client = new HttpClient();
            var text = await client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));

            Assert.Contains("\nhook_injector_containers_total 2\n", text, StringComparison.Ordinal);
            Assert.Contains("\nhook_injector_hooks_injected_total{source=\"hooks.d\"} 2\n", text, StringComparison.Ordinal);
            Assert.Contains("\nhook_injector_create_container_duration_seconds_count 2\n", text, StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            await plugin;
        }
    }

    [Fact]
    public async Task IsReadyOnlyWhileRegisteredAndReportsAStartUpProblem()
    {
        temp.Write("hooks.d/broken.json", "{not json");
        var port = FreeLoopbackPort();
        var settings = Settings(port);
        using var client = new HttpClient();
        async Task<string> Readiness()
        {
            using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/readyz"));
            return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
        }
        async Task<string> Metrics() => await client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        async Task ReadinessBecomes(string expected, string what)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (await Readiness() != expected)
            {
                Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for: {what}");
                await Task.Delay(10);
            }
        }

        // No runtime yet: the plugin keeps trying to connect, and says it is not ready.
        var plugin = PluginHost.RunAsync(CommandLineSettings.None, null, settings, stop.Token);
        try
        {
            await ReadinessBecomes("503 not registered with the runtime\n", "the sources loaded, the plugin not registered");
            Assert.Contains("\nhook_injector_registered 0\n", await Metrics(), StringComparison.Ordinal);
            Assert.Contains("\nhook_injector_source_problems{source=\"hooks.d\"} 1\n", await Metrics(), StringComparison.Ordinal);
            Assert.Contains("\nhook_injector_reload_errors_total{source=\"hooks.d\"} 0\n", await Metrics(), StringComparison.Ordinal);

            var runtime = new FakeRuntime(settings.SocketPath);
            var peer = await runtime.NextPeerAsync();
            await peer.Registered;
            await ReadinessBecomes("200 ok\n", "ready once registered");
            Assert.Contains("\nhook_injector_registered 1\n", await Metrics(), StringComparison.Ordinal);

            await runtime.DisposeAsync();
            await ReadinessBecomes("503 not registered with the runtime\n", "not ready while reconnecting");
        }
        finally
        {
            await stop.CancelAsync();
            await plugin;
        }
    }
}
