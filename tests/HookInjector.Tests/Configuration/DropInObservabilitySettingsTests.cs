using System.Net;
using System.Net.Sockets;
using HookInjector.Host.Configuration;
using HookInjector.Host.Worker;
using HookInjector.Host.Logging;
using HookInjector.Host.Metrics;
using HookInjector.Host.Metrics.Endpoint;
using HookInjector.Host.State;
using HookInjector.Tests.OciHooks;
using Microsoft.Extensions.Logging.Abstractions;

using HookInjector.Tests.Worker;

namespace HookInjector.Tests.Configuration;

/// <summary>A pre-installed plugin learns its metrics address, log format and host root from the runtime's configuration.</summary>
public sealed class DropInObservabilitySettingsTests : IAsyncLifetime, IDisposable
{
    private readonly WorkerSupervisor worker = TestWorker.Create();
    private readonly TempDirectory temp = new();
    private readonly HookInjectorMetrics metrics = new();
    private readonly PluginSettings startup;
    private readonly StateManager state;
    private readonly FileLoggerProvider fileLog;
    private readonly MetricsEndpoint endpoint;
    private readonly LogLevelSwitch logLevel = new(Microsoft.Extensions.Logging.LogLevel.Information);
    private readonly PluginConfiguration sink;

    public DropInObservabilitySettingsTests()
    {
        startup = new PluginSettings { HooksDirs = [temp.CreateDirectory("hooks.d")], DisableWatch = true };
        state = new StateManager(startup, worker, TimeProvider.System, NullLoggerFactory.Instance);
        fileLog = new FileLoggerProvider(temp.Combine("plugin.log"));
        endpoint = new MetricsEndpoint(metrics, null, NullLogger<MetricsEndpoint>.Instance);
        sink = new PluginConfiguration(CommandLineSettings.None, $"hooksDirs: [{startup.HooksDirs[0]}]\ndisableWatch: true\n", state, TimeProvider.System, NullLogger<PluginConfiguration>.Instance, fileLog, endpoint, logLevel);
    }

    public async Task InitializeAsync()
    {
        await state.StartAsync(CancellationToken.None);
        await endpoint.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await worker.DisposeAsync();
        await endpoint.DisposeAsync();
        await state.DisposeAsync();
    }

    public void Dispose()
    {
        fileLog.Dispose();
        metrics.Dispose();
        temp.Dispose();
    }

    [Fact]
    public async Task StartsTheMetricsEndpointSwitchesTheLogFormatAndLevelAndSetsTheHostRoot()
    {
        Assert.Null(endpoint.LocalEndPoint);
        Assert.True(logLevel.Allows(Microsoft.Extensions.Logging.LogLevel.Information));

        await sink.ApplyAsync("metricsAddress: 127.0.0.1:0\nlogFormat: json\nlogLevel: warning\nhostRoot: /host\n", Timeout.InfiniteTimeSpan, CancellationToken.None);

        Assert.Equal(IPAddress.Loopback, endpoint.LocalEndPoint?.Address);
        Assert.Equal(LogFormat.Json, fileLog.Format);
        Assert.False(logLevel.Allows(Microsoft.Extensions.Logging.LogLevel.Information));
        Assert.True(logLevel.Allows(Microsoft.Extensions.Logging.LogLevel.Warning));
        Assert.Equal("/host", state.Current.Settings.HostRoot);
    }

    [Fact]
    public async Task RejectsTheConfigurationWhenTheMetricsPortIsTaken()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<MetricsEndpointException>(() => sink.ApplyAsync($"metricsAddress: 127.0.0.1:{port}\nhostRoot: /host\n", Timeout.InfiniteTimeSpan, CancellationToken.None));

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Same(startup, state.Current.Settings);
    }
}
