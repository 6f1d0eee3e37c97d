using HookInjector.Host.Nri.Lifecycle;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.Nri;

public sealed class PluginRunnerTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("hook-injector-runner-");

    private string SocketPath => Path.Combine(directory.FullName, "nri.sock");

    public void Dispose() => directory.Delete(recursive: true);

    private PluginRunner Runner(bool exitOnDisconnect) => new(
        new PluginLaunch.External(SocketPath),
        exitOnDisconnect,
        PluginTestParts.Session(new ScriptedAdjuster()),
        TimeProvider.System,
        NullLogger<PluginRunner>.Instance);

    [Fact]
    public async Task RegistersAgainAfterTheRuntimeRestarts()
    {
        var runtime = new FakeRuntime(SocketPath);
        using var stop = new CancellationTokenSource();
        var running = Runner(exitOnDisconnect: false).RunAsync(stop.Token);

        await runtime.NextPeerAsync();
        await runtime.DisposeAsync();

        await using var restarted = new FakeRuntime(SocketPath);
        var again = await restarted.NextPeerAsync();
        Assert.Equal("10", (await again.Registered).PluginIdx);

        await stop.CancelAsync();
        Assert.Equal(0, await running.WaitAsync(Patience));
    }

    [Fact]
    public async Task WaitsForARuntimeThatIsNotThereYet()
    {
        using var stop = new CancellationTokenSource();
        var running = Runner(exitOnDisconnect: false).RunAsync(stop.Token);
        await Task.Delay(TimeSpan.FromMilliseconds(300));

        await using var runtime = new FakeRuntime(SocketPath);
        await runtime.NextPeerAsync();
        await stop.CancelAsync();
        Assert.Equal(0, await running.WaitAsync(Patience));
    }

    [Fact]
    public async Task ExitsWithStatusOneOnDisconnectWhenAsked()
    {
        var runtime = new FakeRuntime(SocketPath);
        var running = Runner(exitOnDisconnect: true).RunAsync(CancellationToken.None);
        await runtime.NextPeerAsync();
        await runtime.DisposeAsync();

        Assert.Equal(1, await running.WaitAsync(Patience));
    }

    [Fact]
    public async Task ExitsWithStatusOneWhenThePathIsNotASocket()
    {
        await File.WriteAllTextAsync(SocketPath, "");
        var running = Runner(exitOnDisconnect: false).RunAsync(CancellationToken.None);

        Assert.Equal(1, await running.WaitAsync(Patience));
    }
}
