using HookInjector.Host.Transport.Multiplex;
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
}
