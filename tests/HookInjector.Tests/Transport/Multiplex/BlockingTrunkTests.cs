using System.Net.Sockets;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using HookInjector.Host.Platform;
using HookInjector.Host.Transport.Multiplex;
using HookInjector.Host.Transport.Ttrpc;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.Transport.Multiplex;

/// <summary>
/// The daemon's trunk to its worker: a socket pair read with blocking calls on a thread of the
/// multiplexer's own, where the server serves and the client's caller continues.
/// </summary>
public sealed class BlockingTrunkTests
{
    private const string Service = "hookinjector.test.v1.Echo";
    private const uint Connection = 1;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static (Socket First, Socket Second) SocketPair()
    {
        var (first, second) = Descriptors.SocketPair();
        return (new Socket(new SafeSocketHandle(first, ownsHandle: true)), new Socket(new SafeSocketHandle(second, ownsHandle: true)));
    }

    private static Multiplexer BlockingMultiplexer(Socket socket) =>
        new(new BlockingSocketStream(socket, TrunkWriter.WriteTimeout), NullLogger<Multiplexer>.Instance, blockingTrunk: true);

    [Fact]
    public async Task A_call_is_served_and_answered_on_the_trunks_reading_threads_not_the_thread_pool()
    {
        var (daemonSocket, workerSocket) = SocketPair();
        using var release = new ManualResetEventSlim();
        bool? servedOnPool = null;
        var services = new TtrpcServiceTable().Add(Service, "Echo", (payload, ct) =>
        {
            servedOnPool = Thread.CurrentThread.IsThreadPoolThread;
            // Held until the caller waits for the reply, so that the reply completes the call rather than finding it done.
            release.Wait(Patience, ct);
            return ValueTask.FromResult<IMessage>(new StringValue { Value = "echo " + StringValue.Parser.ParseFrom(payload).Value });
        });
        var worker = BlockingMultiplexer(workerSocket);
        var server = new TtrpcServer(worker.Open(Connection), services, NullLogger<TtrpcServer>.Instance, serveInline: true);
        var daemon = BlockingMultiplexer(daemonSocket);
        using var client = new TtrpcClient(daemon.Open(Connection), NullLogger<TtrpcClient>.Instance, completeCallsInline: true);
        worker.Start(CancellationToken.None);
        daemon.Start(CancellationToken.None);
        var serving = server.RunAsync(CancellationToken.None);
        var receiving = client.RunAsync(CancellationToken.None);

        var call = client.CallAsync(Service, "Echo", new StringValue { Value = "call" }, StringValue.Parser, Patience, CancellationToken.None);
        // Runs where the call completes: on the thread that read the reply, or on a pool thread it was posted to.
        var completedOnPool = call.ContinueWith(_ => Thread.CurrentThread.IsThreadPoolThread, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        release.Set();

        Assert.Equal("echo call", (await call.WaitAsync(Patience)).Value);
        Assert.False(await completedOnPool.WaitAsync(Patience));
        Assert.False(servedOnPool);
        await daemon.DisposeAsync();
        await worker.DisposeAsync();
        await Task.WhenAll(serving, receiving).WaitAsync(Patience);
    }

    [Fact]
    public async Task Disposing_releases_the_thread_blocked_reading_a_peer_that_sends_nothing()
    {
        var (ours, peer) = SocketPair();
        using (peer)
        {
            var multiplexer = BlockingMultiplexer(ours);
            multiplexer.Open(Connection);
            multiplexer.Start(CancellationToken.None);

            await multiplexer.DisposeAsync().AsTask().WaitAsync(Patience);

            await multiplexer.Completion.WaitAsync(Patience);
        }
    }

    [Fact]
    public async Task A_frame_no_multiplexer_accepts_fails_the_pending_call_as_unavailable()
    {
        var (daemonSocket, peer) = SocketPair();
        using (peer)
        {
            await using var daemon = BlockingMultiplexer(daemonSocket);
            using var client = new TtrpcClient(daemon.Open(Connection), NullLogger<TtrpcClient>.Instance, completeCallsInline: true);
            daemon.Start(CancellationToken.None);
            var receiving = client.RunAsync(CancellationToken.None);
            var call = client.CallAsync(Service, "Echo", new StringValue { Value = "call" }, StringValue.Parser, Patience, CancellationToken.None);

            peer.Send(Enumerable.Repeat((byte)0xFF, 16).ToArray());

            var failure = await Assert.ThrowsAsync<TtrpcException>(() => call.WaitAsync(Patience));
            Assert.Equal(TtrpcStatusCode.Unavailable, failure.Code);
            await receiving.WaitAsync(Patience);
        }
    }
}
