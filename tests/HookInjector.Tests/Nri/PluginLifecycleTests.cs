using HookInjector.Host.Nri.Api;
using HookInjector.Host.Nri.Connection;
using HookInjector.Host.Nri.Lifecycle;
using HookInjector.Host.Transport.Ttrpc;

namespace HookInjector.Tests.Nri;

public sealed class PluginLifecycleTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("hook-injector-nri-");
    private readonly CancellationTokenSource stop = new();
    private readonly ScriptedAdjuster adjuster = new();

    private string SocketPath => Path.Combine(directory.FullName, "nri.sock");

    public void Dispose()
    {
        stop.Cancel();
        stop.Dispose();
        directory.Delete(recursive: true);
    }

    private async Task<Task> StartSessionAsync(RecordingConfigurationSink? sink = null)
    {
        var trunk = await RuntimeSocket.ConnectAsync(SocketPath, stop.Token);
        return Task.Run(async () =>
        {
            await using (trunk)
            {
                await PluginTestParts.Session(adjuster, sink).RunAsync(trunk, stop.Token);
            }
        });
    }

    [Fact]
    public async Task RegistersWithItsIdentityAndSubscribesToCreateContainerOnly()
    {
        await using var runtime = new FakeRuntime(SocketPath);
        var session = await StartSessionAsync();
        var peer = await runtime.NextPeerAsync();

        var registration = await peer.Registered;
        Assert.Equal("hook-injector", registration.PluginName);
        Assert.Equal("10", registration.PluginIdx);

        var configured = await peer.ConfigureAsync();
        Assert.Equal(0x8, configured.Events);
        Assert.False(session.IsCompleted);
    }

    [Fact]
    public async Task AnswersConfigureThatArrivesBeforeTheRegistrationReply()
    {
        ConfigureResponse? early = null;
        await using var runtime = new FakeRuntime(SocketPath, async (peer, _) => early = await peer.ConfigureAsync());
        await StartSessionAsync();
        await runtime.NextPeerAsync();
        Assert.Equal(0x8, early?.Events);
    }

    [Fact]
    public async Task EchoesSplitSynchronizationChunkByChunk()
    {
        await using var runtime = new FakeRuntime(SocketPath);
        await StartSessionAsync();
        var peer = await runtime.NextPeerAsync();
        await peer.ConfigureAsync();

        var first = new SynchronizeRequest { More = true, Pods = { new PodSandbox { Id = "p1" } }, Containers = { new Container { Id = "c1" } } };
        var reply = await peer.CallAsync("Synchronize", first, SynchronizeResponse.Parser);
        Assert.True(reply.More);
        Assert.Empty(reply.Update);

        reply = await peer.CallAsync("Synchronize", new SynchronizeRequest { More = false, Pods = { new PodSandbox { Id = "p2" } } }, SynchronizeResponse.Parser);
        Assert.False(reply.More);
        Assert.Empty(reply.Update);
    }

    [Fact]
    public async Task ReturnsTheAdjustersHooksAndAnEmptyReplyWhenThereAreNone()
    {
        adjuster.Answer = (_, container) => container.Name == "busybox"
            ? new ContainerAdjustment { Hooks = new Hooks { CreateRuntime = { new Hook { Path = "/usr/local/sbin/demo-hook.sh", Timeout = new OptionalInt { Value = 5 } } } } }
            : null;
        await using var runtime = new FakeRuntime(SocketPath);
        await StartSessionAsync();
        var peer = await runtime.NextPeerAsync();
        await peer.ConfigureAsync();

        var pod = new PodSandbox { Name = "demo" };
        var injected = await peer.CallAsync("CreateContainer", new CreateContainerRequest { Pod = pod, Container = new Container { Name = "busybox" } }, CreateContainerResponse.Parser);
        var hook = Assert.Single(injected.Adjust.Hooks.CreateRuntime);
        Assert.Equal("/usr/local/sbin/demo-hook.sh", hook.Path);
        Assert.Equal(5, hook.Timeout.Value);

        var nothing = await peer.CallAsync("CreateContainer", new CreateContainerRequest { Pod = pod, Container = new Container { Name = "shell" } }, CreateContainerResponse.Parser);
        Assert.Equal(0, nothing.CalculateSize());
        Assert.Equal(["demo/busybox", "demo/shell"], adjuster.Seen);
    }

    [Fact]
    public async Task AFailingDecisionFailsThatContainerOnly()
    {
        adjuster.Answer = (_, container) => container.Name == "bad"
            ? throw new InvalidOperationException("hook generation failed: matching hook \"x.json\": process.args must have at least one entry")
            : null;
        await using var runtime = new FakeRuntime(SocketPath);
        await StartSessionAsync();
        var peer = await runtime.NextPeerAsync();

        var error = await Assert.ThrowsAsync<TtrpcException>(() =>
            peer.CallAsync("CreateContainer", new CreateContainerRequest { Container = new Container { Name = "bad" } }, CreateContainerResponse.Parser));
        Assert.Equal(TtrpcStatusCode.Unknown, error.Code);
        Assert.Contains("process.args must have at least one entry", error.Message, StringComparison.Ordinal);

        var next = await peer.CallAsync("CreateContainer", new CreateContainerRequest { Container = new Container { Name = "good" } }, CreateContainerResponse.Parser);
        Assert.Equal(0, next.CalculateSize());
    }

    [Fact]
    public async Task AnswersEventsItDoesNotSubscribeToAndRefusesUnknownMethods()
    {
        await using var runtime = new FakeRuntime(SocketPath);
        await StartSessionAsync();
        var peer = await runtime.NextPeerAsync();

        await peer.CallAsync("StateChange", new StateChangeEvent { Event = Event.StartContainer }, Empty.Parser);
        await peer.CallAsync("StopContainer", new StopContainerRequest(), StopContainerResponse.Parser);
        await peer.CallAsync("UpdateContainer", new UpdateContainerRequest(), UpdateContainerResponse.Parser);
        await peer.CallAsync("UpdatePodSandbox", new UpdatePodSandboxRequest(), UpdatePodSandboxResponse.Parser);
        var validation = await peer.CallAsync("ValidateContainerAdjustment", new ValidateContainerAdjustmentRequest(), ValidateContainerAdjustmentResponse.Parser);
        Assert.False(validation.Reject);
        await peer.CallAsync("Shutdown", new Empty(), Empty.Parser);

        // Runtimes with NRI v0.12 try per-event methods first and fall back to StateChange on UNIMPLEMENTED.
        var error = await Assert.ThrowsAsync<TtrpcException>(() => peer.CallAsync("PostStartContainer", new Empty(), Empty.Parser));
        Assert.Equal(TtrpcStatusCode.Unimplemented, error.Code);
        Assert.Equal("method PostStartContainer", error.Message);
    }

    [Fact]
    public async Task GarbageInARequestIsAnsweredWithInvalidArgument()
    {
        await using var runtime = new FakeRuntime(SocketPath);
        await StartSessionAsync();
        var peer = await runtime.NextPeerAsync();
        // Field 1 of CreateContainerRequest is a message; the string "x" read as one is a truncated field.
        var garbage = new ConfigureRequest { Config = "x" };
        var error = await Assert.ThrowsAsync<TtrpcException>(() => peer.CallAsync("CreateContainer", garbage, CreateContainerResponse.Parser));
        Assert.Equal(TtrpcStatusCode.InvalidArgument, error.Code);
        Assert.Contains("cannot decode CreateContainerRequest", error.Message, StringComparison.Ordinal);
        Assert.Equal(0x8, (await peer.ConfigureAsync()).Events);
    }

    [Fact]
    public async Task PassesTheDropInConfigurationAndRejectsAnInvalidOne()
    {
        var sink = new RecordingConfigurationSink();
        await using var runtime = new FakeRuntime(SocketPath);
        await StartSessionAsync(sink);
        var peer = await runtime.NextPeerAsync();

        await peer.ConfigureAsync("strict: true");
        Assert.Equal(["strict: true"], sink.Applied);
        // What the runtime said it waits for the answer, which a slow load must not outlast.
        Assert.Equal([TimeSpan.FromSeconds(2)], sink.AnswerWithin);

        var error = await Assert.ThrowsAsync<TtrpcException>(() => peer.ConfigureAsync("bad: 1"));
        Assert.Equal(TtrpcStatusCode.InvalidArgument, error.Code);
        Assert.Contains("invalid hook-injector configuration: line 1, column 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EndsQuietlyWhenTheRuntimeCloses()
    {
        await using var runtime = new FakeRuntime(SocketPath);
        var session = await StartSessionAsync();
        var peer = await runtime.NextPeerAsync();
        await peer.DisposeAsync();
        await session.WaitAsync(Patience);
    }

    [Fact]
    public async Task FailsRegistrationWhenTheRuntimeClosesMidCall()
    {
        await using var runtime = new FakeRuntime(SocketPath, (peer, _) => peer.DisposeAsync().AsTask());
        var session = await StartSessionAsync();
        var error = await Assert.ThrowsAsync<SessionFailedException>(() => session.WaitAsync(Patience));
        Assert.StartsWith("registration as 10-hook-injector failed", error.Message, StringComparison.Ordinal);
    }
}
