using HookInjector.Host.Injection;
using HookInjector.Host.Nri.Api;
using HookInjector.Host.Nri.Connection;
using HookInjector.Host.Nri.Lifecycle;
using HookInjector.Tests.OciHooks;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.Nri;

/// <summary>
/// Stopping while the runtime no longer reads its socket: one reply is stuck on the way out and one handler is
/// blocked. The write deadline's clock never moves here, so only closing the trunk can release the stuck reply.
/// </summary>
public sealed class StoppingTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("hook-injector-stop-");
    private readonly StallingAdjuster adjuster = new();
    private readonly ManualTimeProvider frozenClock = new();

    private string SocketPath => Path.Combine(directory.FullName, "nri.sock");

    public void Dispose() => directory.Delete(recursive: true);

    [Fact]
    public async Task TheSessionStopsWhileAReplyIsStuckAndAHandlerIsBlocked()
    {
        await using var runtime = new FakeRuntime(SocketPath);
        using var stop = new CancellationTokenSource();
        await using var trunk = await RuntimeSocket.ConnectAsync(SocketPath, CancellationToken.None);
        var session = PluginTestParts.Session(adjuster, time: frozenClock);
        var running = Task.Run(() => session.RunAsync(trunk, stop.Token));
        await WedgeAsync(await runtime.NextPeerAsync());

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(Patience));
        Assert.True(adjuster.Released.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task TheRunnerStopsWhileAReplyIsStuckAndAHandlerIsBlocked()
    {
        await using var runtime = new FakeRuntime(SocketPath);
        var runner = new PluginRunner(
            new PluginLaunch.External(SocketPath),
            exitOnDisconnect: false,
            PluginTestParts.Session(adjuster, time: frozenClock),
            TimeProvider.System,
            NullLogger<PluginRunner>.Instance);
        using var stop = new CancellationTokenSource();
        var running = runner.RunAsync(stop.Token);
        await WedgeAsync(await runtime.NextPeerAsync());

        await stop.CancelAsync();

        Assert.Equal(0, await running.WaitAsync(Patience));
        Assert.True(adjuster.Released.IsCompletedSuccessfully);
    }

    /// <summary>Leaves the plugin with a handler blocked and a reply half-written to a runtime that stopped reading.</summary>
    private async Task WedgeAsync(FakeRuntime.Peer peer)
    {
        await peer.ConfigureAsync();
        peer.StopReading();

        _ = peer.CallAsync("CreateContainer", Request(StallingAdjuster.Blocked), CreateContainerResponse.Parser);
        await adjuster.Entered.WaitAsync(Patience);
        _ = peer.CallAsync("CreateContainer", Request(StallingAdjuster.Large), CreateContainerResponse.Parser);

        // Its first bytes arrived, and the socket cannot hold the rest: the plugin is stuck writing that reply.
        using var patience = new CancellationTokenSource(Patience);
        while (peer.UnreadBytes == 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), patience.Token);
        }
    }

    private static CreateContainerRequest Request(string container) =>
        new() { Pod = new PodSandbox { Name = "pod" }, Container = new Container { Name = container } };

    /// <summary>Blocks one container's handler until it is cancelled; answers another with a reply no socket buffer holds.</summary>
    private sealed class StallingAdjuster : IContainerAdjuster
    {
        public const string Blocked = "blocked";
        public const string Large = "large";

        private readonly TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => entered.Task;

        public Task Released => released.Task;

        public ValueTask<ContainerAdjustment?> AdjustAsync(PodSandbox pod, Container container, Google.Protobuf.ByteString? request, CancellationToken cancellationToken)
        {
            if (container.Name == Blocked)
            {
                entered.TrySetResult();
                // Blocks its thread on purpose, as a slow hook source would; bounded so a failing test cannot leak it.
                if (cancellationToken.WaitHandle.WaitOne(Patience))
                {
                    released.TrySetResult();
                }
                cancellationToken.ThrowIfCancellationRequested();
                return ValueTask.FromResult<ContainerAdjustment?>(null);
            }
            var arguments = new string('a', 1 << 20);
            return ValueTask.FromResult<ContainerAdjustment?>(new ContainerAdjustment { Hooks = new Hooks { CreateRuntime = { new Hook { Path = "/bin/true", Args = { arguments, arguments, arguments } } } } });
        }
    }
}
