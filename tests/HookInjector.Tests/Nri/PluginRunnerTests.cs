using HookInjector.Host.Nri.Lifecycle;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.Nri;

public sealed class PluginRunnerTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("hook-injector-runner-");
    private readonly ApplicationLifetime lifetime = new(NullLogger<ApplicationLifetime>.Instance);

    private string SocketPath => Path.Combine(directory.FullName, "nri.sock");

    public void Dispose() => directory.Delete(recursive: true);

    private PluginRunner Runner(bool exitOnDisconnect) => new(
        new PluginLaunch.External(SocketPath),
        exitOnDisconnect,
        PluginTestParts.Session(new ScriptedAdjuster()),
        lifetime,
        TimeProvider.System,
        NullLogger<PluginRunner>.Instance);

    private Task Stopping()
    {
        var stopping = new TaskCompletionSource();
        lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
        return stopping.Task;
    }

    [Fact]
    public async Task RegistersAgainAfterTheRuntimeRestarts()
    {
        var runtime = new FakeRuntime(SocketPath);
        using var runner = Runner(exitOnDisconnect: false);
        await runner.StartAsync(CancellationToken.None);

        await runtime.NextPeerAsync();
        await runtime.DisposeAsync();

        await using var restarted = new FakeRuntime(SocketPath);
        var again = await restarted.NextPeerAsync();
        Assert.Equal("10", (await again.Registered).PluginIdx);

        await runner.StopAsync(CancellationToken.None);
        Assert.Equal(0, runner.ExitCode);
    }

    [Fact]
    public async Task WaitsForARuntimeThatIsNotThereYet()
    {
        using var runner = Runner(exitOnDisconnect: false);
        await runner.StartAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(300));

        await using var runtime = new FakeRuntime(SocketPath);
        await runtime.NextPeerAsync();
        await runner.StopAsync(CancellationToken.None);
        Assert.Equal(0, runner.ExitCode);
    }

    [Fact]
    public async Task ExitsWithStatusOneOnDisconnectWhenAsked()
    {
        var stopping = Stopping();
        var runtime = new FakeRuntime(SocketPath);
        using var runner = Runner(exitOnDisconnect: true);
        await runner.StartAsync(CancellationToken.None);
        await runtime.NextPeerAsync();
        await runtime.DisposeAsync();

        await stopping.WaitAsync(Patience);
        Assert.Equal(1, runner.ExitCode);
    }

    [Fact]
    public async Task ExitsWithStatusOneWhenThePathIsNotASocket()
    {
        await File.WriteAllTextAsync(SocketPath, "");
        var stopping = Stopping();
        using var runner = Runner(exitOnDisconnect: false);
        await runner.StartAsync(CancellationToken.None);

        await stopping.WaitAsync(Patience);
        Assert.Equal(1, runner.ExitCode);
    }
}
