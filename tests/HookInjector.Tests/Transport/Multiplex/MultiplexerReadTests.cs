using System.Buffers;
using System.IO.Pipelines;
using HookInjector.Host.Transport.Multiplex;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.Transport.Multiplex;

public sealed class MultiplexerReadTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Payloads_reach_their_connection_as_one_byte_stream_whatever_the_framing()
    {
        var trunk = new InMemoryTrunk();
        await using var mux = new Multiplexer(trunk.Local, NullLogger<Multiplexer>.Instance);
        var plugin = mux.Open(Multiplexer.PluginServiceConnection);
        var runtime = mux.Open(Multiplexer.RuntimeServiceConnection);
        mux.Start(CancellationToken.None);

        await trunk.SendAsync(
            Hex.Bytes("00 00 00 01  00 00 00 03  01 02 03"),
            Hex.Bytes("00 00 00 02  00 00 00 02  B1 B2"),
            Hex.Bytes("00 00 00 01  00 00 00 00"),
            Hex.Bytes("00 00 00 01  00 00 00 04  04 05 06 07"));
        trunk.ToLocal.Complete();

        Assert.Equal(Hex.Bytes("01 02 03 04 05 06 07"), await ReadToEndAsync(plugin.Input));
        Assert.Equal(Hex.Bytes("B1 B2"), await ReadToEndAsync(runtime.Input));
        await mux.Completion.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_frame_split_across_trunk_reads_is_reassembled()
    {
        var trunk = new InMemoryTrunk();
        await using var mux = new Multiplexer(trunk.Local, NullLogger<Multiplexer>.Instance);
        var plugin = mux.Open(Multiplexer.PluginServiceConnection);
        mux.Start(CancellationToken.None);

        var frame = Hex.Bytes("00 00 00 01  00 00 00 05  0A 0B 0C 0D 0E");
        foreach (var single in frame)
        {
            await trunk.SendAsync([single]);
        }

        trunk.ToLocal.Complete();

        Assert.Equal(Hex.Bytes("0A 0B 0C 0D 0E"), await ReadToEndAsync(plugin.Input));
        await mux.Completion.WaitAsync(Patience);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(2u)]
    [InlineData(3u)]
    [InlineData(0xFFFFFFFFu)]
    public async Task Frames_for_connections_not_open_locally_are_discarded_and_logged(uint connectionId)
    {
        var logger = new CapturingLogger<Multiplexer>();
        var trunk = new InMemoryTrunk();
        await using var mux = new Multiplexer(trunk.Local, logger);
        var plugin = mux.Open(Multiplexer.PluginServiceConnection);
        mux.Start(CancellationToken.None);

        var stray = new byte[8 + 6];
        new MuxFrameHeader(connectionId, 6).WriteTo(stray);
        await trunk.SendAsync(stray, Hex.Bytes("00 00 00 01  00 00 00 02  C1 C2"));
        trunk.ToLocal.Complete();

        Assert.Equal(Hex.Bytes("C1 C2"), await ReadToEndAsync(plugin.Input));
        await mux.Completion.WaitAsync(Patience);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Debug && e.Message.Contains($"connection {connectionId}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_largest_frame_the_Go_writer_emits_is_accepted()
    {
        var trunk = new InMemoryTrunk();
        await using var mux = new Multiplexer(trunk.Local, NullLogger<Multiplexer>.Instance);
        var plugin = mux.Open(Multiplexer.PluginServiceConnection);
        mux.Start(CancellationToken.None);

        const int largest = 4_194_314;
        var payload = new byte[largest];
        payload[^1] = 0x5A;
        var sending = trunk.SendAsync(Hex.Bytes("00 00 00 01  00 40 00 0A"), payload)
            .ContinueWith(_ => trunk.ToLocal.Complete(), TaskScheduler.Default);

        var received = await ReadToEndAsync(plugin.Input);
        await sending.WaitAsync(Patience);

        Assert.Equal(largest, received.Length);
        Assert.Equal(0x5A, received[^1]);
        await mux.Completion.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_frame_length_over_the_limit_ends_the_trunk_without_waiting_for_the_payload()
    {
        var trunk = new InMemoryTrunk();
        await using var mux = new Multiplexer(trunk.Local, NullLogger<Multiplexer>.Instance);
        var plugin = mux.Open(Multiplexer.PluginServiceConnection);
        mux.Start(CancellationToken.None);

        // 4 194 315 bytes announced, none sent, trunk left open: only the header can trigger the failure.
        await trunk.SendAsync(Hex.Bytes("00 00 00 01  00 40 00 0B"));

        var failure = await Assert.ThrowsAsync<InvalidDataException>(() => mux.Completion.WaitAsync(Patience));
        Assert.Contains("4194315", failure.Message, StringComparison.Ordinal);
        Assert.Contains("4194314", failure.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidDataException>(async () => await plugin.Input.ReadAsync());
    }

    [Fact]
    public async Task End_of_trunk_inside_a_frame_header_faults_naming_the_header()
    {
        var trunk = new InMemoryTrunk();
        await using var mux = new Multiplexer(trunk.Local, NullLogger<Multiplexer>.Instance);
        mux.Open(Multiplexer.PluginServiceConnection);
        mux.Start(CancellationToken.None);

        await trunk.SendAsync(Hex.Bytes("00 00 00"));
        trunk.ToLocal.Complete();

        var failure = await Assert.ThrowsAsync<EndOfStreamException>(() => mux.Completion.WaitAsync(Patience));
        Assert.Contains("header", failure.Message, StringComparison.Ordinal);
        Assert.Contains("3 of 8", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task End_of_trunk_inside_a_payload_faults_naming_the_missing_bytes()
    {
        var trunk = new InMemoryTrunk();
        await using var mux = new Multiplexer(trunk.Local, NullLogger<Multiplexer>.Instance);
        var plugin = mux.Open(Multiplexer.PluginServiceConnection);
        mux.Start(CancellationToken.None);

        await trunk.SendAsync(Hex.Bytes("00 00 00 01  00 00 00 10  01 02 03 04"));
        trunk.ToLocal.Complete();

        var failure = await Assert.ThrowsAsync<EndOfStreamException>(() => mux.Completion.WaitAsync(Patience));
        Assert.Contains("payload", failure.Message, StringComparison.Ordinal);
        Assert.Contains("12 of 16", failure.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<EndOfStreamException>(async () => await plugin.Input.ReadAsync());
    }

    [Fact]
    public async Task A_clean_end_of_trunk_completes_everything_normally()
    {
        var trunk = new InMemoryTrunk();
        await using var mux = new Multiplexer(trunk.Local, NullLogger<Multiplexer>.Instance);
        var plugin = mux.Open(Multiplexer.PluginServiceConnection);
        mux.Start(CancellationToken.None);

        trunk.ToLocal.Complete();

        await mux.Completion.WaitAsync(Patience);
        Assert.Empty(await ReadToEndAsync(plugin.Input));
    }

    [Fact]
    public async Task Cancelling_the_start_token_cancels_completion()
    {
        using var stop = new CancellationTokenSource();
        var trunk = new InMemoryTrunk();
        await using var mux = new Multiplexer(trunk.Local, NullLogger<Multiplexer>.Instance);
        mux.Start(stop.Token);

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => mux.Completion.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_connection_that_stops_reading_does_not_stall_the_others()
    {
        var trunk = new InMemoryTrunk();
        await using var mux = new Multiplexer(trunk.Local, NullLogger<Multiplexer>.Instance);
        var plugin = mux.Open(Multiplexer.PluginServiceConnection);
        var runtime = mux.Open(Multiplexer.RuntimeServiceConnection);
        mux.Start(CancellationToken.None);
        await plugin.Input.CompleteAsync();

        await trunk.SendAsync(Hex.Bytes("00 00 00 01  00 00 00 02  01 02"), Hex.Bytes("00 00 00 02  00 00 00 01  FF"));
        trunk.ToLocal.Complete();

        Assert.Equal(Hex.Bytes("FF"), await ReadToEndAsync(runtime.Input));
        await mux.Completion.WaitAsync(Patience);
    }

    private static async Task<byte[]> ReadToEndAsync(PipeReader input)
    {
        while (true)
        {
            var result = await input.ReadAsync().AsTask().WaitAsync(Patience);
            if (result.IsCompleted)
            {
                var bytes = result.Buffer.ToArray();
                input.AdvanceTo(result.Buffer.End);
                return bytes;
            }

            input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
