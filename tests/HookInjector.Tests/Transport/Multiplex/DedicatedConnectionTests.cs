using System.Net.Sockets;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using HookInjector.Host.Platform;
using HookInjector.Host.Transport.Multiplex;
using HookInjector.Host.Transport.Ttrpc;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.Transport.Multiplex;

/// <summary>
/// The daemon's link to its worker: a socket pair that carries one ttrpc connection without mux
/// frames, read with blocking calls on a thread of its own, where the server serves and the
/// client's caller continues.
/// </summary>
public sealed class DedicatedConnectionTests
{
    private const string Service = "hookinjector.test.v1.Echo";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static (Socket First, Socket Second) SocketPair()
    {
        var (first, second) = Descriptors.SocketPair();
        return (new Socket(new SafeSocketHandle(first, ownsHandle: true)), new Socket(new SafeSocketHandle(second, ownsHandle: true)));
    }

    private static DedicatedConnection Connection(Socket socket, TimeSpan? sendTimeout = null) =>
        new(new BlockingSocketStream(socket, sendTimeout ?? TrunkWriter.WriteTimeout));

    private static TtrpcServiceTable Echo(Action? whileServing = null) => new TtrpcServiceTable().Add(Service, "Echo", (payload, ct) =>
    {
        whileServing?.Invoke();
        return ValueTask.FromResult<IMessage>(new StringValue { Value = "echo " + StringValue.Parser.ParseFrom(payload).Value });
    });

    [Fact]
    public async Task A_call_is_served_and_answered_on_the_connections_reading_threads_not_the_thread_pool()
    {
        var (daemonSocket, workerSocket) = SocketPair();
        using var release = new ManualResetEventSlim();
        bool? servedOnPool = null;
        var services = Echo(() =>
        {
            servedOnPool = Thread.CurrentThread.IsThreadPoolThread;
            // Held until the caller waits for the reply, so that the reply completes the call rather than finding it done.
            release.Wait(Patience);
        });
        using var worker = Connection(workerSocket);
        var server = new TtrpcServer(worker, services, NullLogger<TtrpcServer>.Instance, serveInline: true);
        using var daemon = Connection(daemonSocket);
        using var client = new TtrpcClient(daemon, NullLogger<TtrpcClient>.Instance, completeCallsInline: true);
        var serving = DedicatedConnection.RunReader(() => server.RunAsync(CancellationToken.None));
        var receiving = DedicatedConnection.RunReader(() => client.RunAsync(CancellationToken.None));

        var call = client.CallAsync(Service, "Echo", new StringValue { Value = "call" }, StringValue.Parser, Patience, CancellationToken.None);
        // Runs where the call completes: on the thread that read the reply, or on a pool thread it was posted to.
        var completedOnPool = call.ContinueWith(_ => Thread.CurrentThread.IsThreadPoolThread, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        release.Set();

        Assert.Equal("echo call", (await call.WaitAsync(Patience)).Value);
        Assert.False(await completedOnPool.WaitAsync(Patience));
        Assert.False(servedOnPool);
        daemon.Dispose();
        worker.Dispose();
        await Task.WhenAll(serving, receiving).WaitAsync(Patience);
    }

    [Fact]
    public async Task Messages_larger_than_the_socket_buffer_and_written_from_many_threads_arrive_whole()
    {
        var (daemonSocket, workerSocket) = SocketPair();
        using var worker = Connection(workerSocket);
        var server = new TtrpcServer(worker, Echo(), NullLogger<TtrpcServer>.Instance);
        using var daemon = Connection(daemonSocket);
        using var client = new TtrpcClient(daemon, NullLogger<TtrpcClient>.Instance);
        var serving = DedicatedConnection.RunReader(() => server.RunAsync(CancellationToken.None));
        var receiving = DedicatedConnection.RunReader(() => client.RunAsync(CancellationToken.None));

        var texts = Enumerable.Range(0, 16).Select(i => new string((char)('a' + i), (i + 1) * 64 * 1024)).ToArray();
        var replies = await Task.WhenAll(texts.Select(text => Task.Run(() =>
            client.CallAsync(Service, "Echo", new StringValue { Value = text }, StringValue.Parser, Patience, CancellationToken.None)))).WaitAsync(Patience);

        Assert.Equal(texts.Select(text => "echo " + text), replies.Select(reply => reply.Value));
        daemon.Dispose();
        worker.Dispose();
        await Task.WhenAll(serving, receiving).WaitAsync(Patience);
    }

    [Fact]
    public async Task Disposing_releases_the_thread_blocked_reading_a_peer_that_sends_nothing()
    {
        var (ours, peer) = SocketPair();
        using (peer)
        {
            var connection = Connection(ours);
            var reading = DedicatedConnection.RunReader(async () =>
            {
                try
                {
                    await connection.Input.ReadAsync();
                }
                catch (IOException)
                {
                    // The socket was closed under the read: released all the same.
                }
            });

            connection.Dispose();

            await reading.WaitAsync(Patience);
        }
    }

    [Fact]
    public async Task A_write_the_peer_does_not_take_fails_and_every_later_write_fails_at_once()
    {
        var (ours, peer) = SocketPair();
        using (peer)
        {
            using var connection = Connection(ours, sendTimeout: TimeSpan.FromMilliseconds(100));
            var body = new byte[8 << 20];

            await Assert.ThrowsAsync<IOException>(() => connection.WriteMessageAsync(new byte[10], body, CancellationToken.None).AsTask());
            var later = await Assert.ThrowsAsync<IOException>(() => connection.WriteMessageAsync(new byte[10], ReadOnlyMemory<byte>.Empty, CancellationToken.None).AsTask());

            Assert.Contains("closed", later.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    // A header announcing 4 GiB, over the size limit.
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]
    // A one-byte response to a stream no call awaits.
    [InlineData(new byte[] { 0, 0, 0, 1, 0, 0x10, 0, 0, 2, 0, 0 })]
    public async Task On_the_workers_link_a_message_no_call_awaits_fails_the_pending_call_as_unavailable(byte[] stray)
    {
        var (daemonSocket, peer) = SocketPair();
        using (peer)
        {
            using var daemon = Connection(daemonSocket);
            using var client = new TtrpcClient(daemon, NullLogger<TtrpcClient>.Instance, completeCallsInline: true, strayEndsConnection: true);
            var receiving = DedicatedConnection.RunReader(() => client.RunAsync(CancellationToken.None));
            var call = client.CallAsync(Service, "Echo", new StringValue { Value = "call" }, StringValue.Parser, Patience, CancellationToken.None);

            peer.Send(stray);

            var failure = await Assert.ThrowsAsync<TtrpcException>(() => call.WaitAsync(Patience));
            Assert.Equal(TtrpcStatusCode.Unavailable, failure.Code);
            await receiving.WaitAsync(Patience);
        }
    }
}
