using HookInjector.Host.Transport.Multiplex;
using HookInjector.Tests.OciHooks;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.Transport.Multiplex;

public sealed class MultiplexerWriteTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_message_goes_out_as_a_header_frame_followed_by_a_body_frame()
    {
        var trunk = new InMemoryTrunk();
        await using var mux = new Multiplexer(trunk.Local, NullLogger<Multiplexer>.Instance);
        var runtime = mux.Open(Multiplexer.RuntimeServiceConnection);

        await runtime.WriteMessageAsync(
            Hex.Bytes("00 00 00 03  00 00 00 01  01  00"), Hex.Bytes("AA BB CC"), CancellationToken.None);

        Assert.Equal(
            Hex.Bytes("00 00 00 02  00 00 00 0A   00 00 00 03  00 00 00 01  01  00" +
                      "00 00 00 02  00 00 00 03   AA BB CC"),
            await trunk.ReceiveAsync(8 + 10 + 8 + 3));
    }

    [Fact]
    public async Task An_empty_body_emits_no_zero_length_frame()
    {
        var trunk = new InMemoryTrunk();
        await using var mux = new Multiplexer(trunk.Local, NullLogger<Multiplexer>.Instance);
        var plugin = mux.Open(Multiplexer.PluginServiceConnection);

        await plugin.WriteMessageAsync(Hex.Bytes("00 00 00 00  00 00 00 01  02  00"), ReadOnlyMemory<byte>.Empty, CancellationToken.None);
        await plugin.WriteMessageAsync(Hex.Bytes("00 00 00 00  00 00 00 03  02  00"), ReadOnlyMemory<byte>.Empty, CancellationToken.None);

        Assert.Equal(
            Hex.Bytes("00 00 00 01  00 00 00 0A   00 00 00 00  00 00 00 01  02  00" +
                      "00 00 00 01  00 00 00 0A   00 00 00 00  00 00 00 03  02  00"),
            await trunk.ReceiveAsync(2 * (8 + 10)));
    }

    [Fact]
    public async Task Concurrent_messages_are_never_interleaved()
    {
        const int writers = 8;
        const int messagesPerWriter = 50;
        var trunk = new InMemoryTrunk();
        await using var mux = new Multiplexer(trunk.Local, NullLogger<Multiplexer>.Instance);
        var connections = new[] { mux.Open(1), mux.Open(2) };

        var writing = Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < messagesPerWriter; i++)
            {
                // Header and body carry the same marker so a torn message is detectable.
                var marker = (byte)(writer * messagesPerWriter + i);
                var body = Enumerable.Repeat(marker, 1 + (i * 37 % 5000)).ToArray();
                await connections[writer % 2].WriteMessageAsync(
                    Enumerable.Repeat(marker, 10).ToArray(), body, CancellationToken.None);
            }
        }));
        var reading = Task.Run(async () =>
        {
            for (var n = 0; n < writers * messagesPerWriter; n++)
            {
                var headerFrame = await trunk.ReceiveAsync(8 + 10);
                var bodyHeader = await trunk.ReceiveAsync(8);
                var bodyLength = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bodyHeader.AsSpan(4));
                var body = await trunk.ReceiveAsync(bodyLength);
                Assert.Equal(headerFrame[..4], bodyHeader[..4]);
                Assert.All(body, b => Assert.Equal(headerFrame[8], b));
            }
        });

        await Task.WhenAll(writing).WaitAsync(Patience);
        await reading.WaitAsync(Patience);
    }

    [Fact]
    public async Task Writing_after_disposal_fails_with_an_IOException()
    {
        var trunk = new InMemoryTrunk();
        var mux = new Multiplexer(trunk.Local, NullLogger<Multiplexer>.Instance);
        var plugin = mux.Open(Multiplexer.PluginServiceConnection);
        mux.Start(CancellationToken.None);

        await mux.DisposeAsync();

        await Assert.ThrowsAsync<IOException>(async () =>
            await plugin.WriteMessageAsync(new byte[10], ReadOnlyMemory<byte>.Empty, CancellationToken.None));
        await mux.Completion.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_peer_that_never_reads_fails_the_trunk_once_a_write_outlasts_the_write_timeout()
    {
        await using var sockets = await UnixSocketPair.CreateAsync();
        var time = new ManualTimeProvider();
        await using var mux = new Multiplexer(sockets.First, NullLogger<Multiplexer>.Instance, time);
        var plugin = mux.Open(Multiplexer.PluginServiceConnection);
        var runtime = mux.Open(Multiplexer.RuntimeServiceConnection);
        mux.Start(CancellationToken.None);

        // Far more than a socket buffer holds, and the peer (the second socket) never reads.
        var writing = plugin.WriteMessageAsync(new byte[10], new byte[4 << 20], CancellationToken.None).AsTask();
        await UntilAsync(() => sockets.Second.Socket.Available > 0);
        Assert.False(writing.IsCompleted);

        time.Advance(TrunkWriter.WriteTimeout);

        var failure = await Assert.ThrowsAsync<IOException>(() => writing.WaitAsync(Patience));
        Assert.StartsWith("the runtime stopped reading the NRI socket: a 4194314-byte message", failure.Message, StringComparison.Ordinal);
        Assert.Same(failure, await Assert.ThrowsAsync<IOException>(() => mux.Completion.WaitAsync(Patience)));
        // Every connection learns of it: later writes fail at once, inputs end with the same cause.
        await Assert.ThrowsAsync<IOException>(async () =>
            await runtime.WriteMessageAsync(new byte[10], ReadOnlyMemory<byte>.Empty, CancellationToken.None));
        var input = await Assert.ThrowsAsync<IOException>(async () => await runtime.Input.ReadAsync().AsTask().WaitAsync(Patience));
        Assert.Same(failure, input);
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), patience.Token);
        }
    }
}
