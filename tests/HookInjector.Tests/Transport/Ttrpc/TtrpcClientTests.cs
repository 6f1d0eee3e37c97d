using System.Buffers.Binary;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using HookInjector.Host.Transport.Ttrpc;
using HookInjector.Host.Transport.Ttrpc.Wire;
using Microsoft.Extensions.Logging;

namespace HookInjector.Tests.Transport.Ttrpc;

public sealed class TtrpcClientTests : IAsyncLifetime, IDisposable
{
    private const string RuntimeService = "nri.pkg.api.v1alpha1.Runtime";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly RecordingConnection connection = new();
    private readonly CapturingLogger<TtrpcClient> logger = new();
    private TtrpcClient client = null!;
    private Task receiving = null!;

    public Task InitializeAsync()
    {
        client = new TtrpcClient(this.connection, logger);
        receiving = client.RunAsync(CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await this.connection.Peer.CompleteAsync();
        await receiving.WaitAsync(Patience);
    }

    public void Dispose() => client.Dispose();

    [Fact]
    public async Task The_first_call_sends_exactly_this_request_on_stream_1()
    {
        var call = Call("RegisterPlugin", new Empty(), Timeout.InfiniteTimeSpan);

        // Request{service, method}; empty payload and zero timeout are omitted, as Go does: 46 bytes.
        byte[] expected =
        [
            .. Hex.Bytes("00 00 00 2E  00 00 00 01  01  00"),
            0x0A, 0x1C, .. "nri.pkg.api.v1alpha1.Runtime"u8, 0x12, 0x0E, .. "RegisterPlugin"u8,
        ];
        Assert.Equal(expected, await this.connection.NextWrittenAsync());

        await Respond(1, new Response());
        Assert.Equal(new Empty(), await call.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_successful_reply_is_decoded_with_the_given_parser()
    {
        var call = client.CallAsync(RuntimeService, "UpdateContainers", new Empty(), StringValue.Parser, Timeout.InfiniteTimeSpan, CancellationToken.None);
        await this.connection.NextWrittenAsync();

        // Response{payload = StringValue{"ok"}}.
        await this.connection.SendAsync(Hex.Bytes("00 00 00 06  00 00 00 01  02  00   12 04  0A 02 6F 6B"));

        Assert.Equal("ok", (await call.WaitAsync(Patience)).Value);
    }

    [Fact]
    public async Task Calls_use_odd_increasing_stream_ids_and_are_matched_to_their_replies()
    {
        var calls = Enumerable.Range(0, 3)
            .Select(i => client.CallAsync(RuntimeService, "UpdateContainers", new StringValue { Value = $"call {i}" }, StringValue.Parser, Timeout.InfiniteTimeSpan, CancellationToken.None))
            .ToArray();
        var sent = new List<(uint StreamId, string Value)>();
        for (var i = 0; i < calls.Length; i++)
        {
            var (streamId, request) = Decode(await this.connection.NextWrittenAsync());
            sent.Add((streamId, StringValue.Parser.ParseFrom(request.Payload).Value));
        }

        Assert.Equal([1u, 3u, 5u], sent.Select(s => s.StreamId));
        foreach (var (streamId, value) in Enumerable.Reverse(sent))
        {
            await Respond(streamId, new Response { Payload = new StringValue { Value = $"reply to {value}" }.ToByteString() });
        }

        for (var i = 0; i < calls.Length; i++)
        {
            Assert.Equal($"reply to call {i}", (await calls[i].WaitAsync(Patience)).Value);
        }
    }

    [Fact]
    public async Task The_remaining_timeout_is_sent_as_timeout_nano()
    {
        var call = Call("RegisterPlugin", new Empty(), TimeSpan.FromSeconds(5));

        var (_, request) = Decode(await this.connection.NextWrittenAsync());
        Assert.InRange(request.TimeoutNano, 1, 5_000_000_000);

        await Respond(1, new Response());
        await call.WaitAsync(Patience);
    }

    [Fact]
    public async Task An_error_status_becomes_a_TtrpcException_with_its_code_and_message()
    {
        var call = Call("RegisterPlugin", new Empty(), Timeout.InfiniteTimeSpan);
        await this.connection.NextWrittenAsync();

        await Respond(1, new Response { Status = new Status { Code = 3, Message = "invalid plugin name: x y" } });

        var failure = await Assert.ThrowsAsync<TtrpcException>(() => call.WaitAsync(Patience));
        Assert.Equal((TtrpcStatusCode.InvalidArgument, "invalid plugin name: x y"), (failure.Code, failure.Message));
    }

    [Fact]
    public async Task A_call_without_a_reply_fails_with_deadline_exceeded()
    {
        var call = Call("RegisterPlugin", new Empty(), TimeSpan.FromMilliseconds(50));

        var failure = await Assert.ThrowsAsync<TtrpcException>(() => call.WaitAsync(Patience));
        Assert.Equal(TtrpcStatusCode.DeadlineExceeded, failure.Code);
        Assert.Contains("RegisterPlugin", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_the_caller_token_cancels_the_call()
    {
        using var cancel = new CancellationTokenSource();
        var call = client.CallAsync(RuntimeService, "RegisterPlugin", new Empty(), Empty.Parser, Timeout.InfiniteTimeSpan, cancel.Token);
        await this.connection.NextWrittenAsync();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_request_over_4_MiB_is_refused_locally()
    {
        var huge = new BytesValue { Value = ByteString.CopyFrom(new byte[4 << 20]) };

        var failure = await Assert.ThrowsAsync<TtrpcException>(() => Call("UpdateContainers", huge, Timeout.InfiniteTimeSpan).WaitAsync(Patience));

        Assert.Equal(TtrpcStatusCode.ResourceExhausted, failure.Code);
        Assert.Contains("4194304", failure.Message, StringComparison.Ordinal);
        // Envelope: service 2+28, method 2+16, payload tag 1 + 4-byte length + the BytesValue.
        Assert.Contains($"{30 + 18 + 5 + huge.CalculateSize()}", failure.Message, StringComparison.Ordinal);
        Assert.False(this.connection.TryTakeWritten(out _));
    }

    [Fact]
    public async Task A_reply_on_an_unknown_stream_is_logged_and_dropped()
    {
        var call = Call("RegisterPlugin", new Empty(), Timeout.InfiniteTimeSpan);
        await this.connection.NextWrittenAsync();

        await Respond(7, new Response { Status = new Status { Code = 2, Message = "stray" } });
        await Respond(1, new Response());

        await call.WaitAsync(Patience);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("stream 7", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_undecodable_reply_fails_only_its_call()
    {
        var broken = Call("RegisterPlugin", new Empty(), Timeout.InfiniteTimeSpan);
        await this.connection.NextWrittenAsync();
        var healthy = Call("UpdateContainers", new Empty(), Timeout.InfiniteTimeSpan);
        await this.connection.NextWrittenAsync();

        await this.connection.SendMessageAsync(1, TtrpcMessageType.Response, Hex.Bytes("0A 10 41"));
        await Respond(3, new Response());

        var failure = await Assert.ThrowsAsync<TtrpcException>(() => broken.WaitAsync(Patience));
        Assert.Equal(TtrpcStatusCode.Internal, failure.Code);
        await healthy.WaitAsync(Patience);
    }

    [Fact]
    public async Task An_oversized_reply_fails_its_call_with_resource_exhausted()
    {
        var call = Call("RegisterPlugin", new Empty(), Timeout.InfiniteTimeSpan);
        await this.connection.NextWrittenAsync();

        await this.connection.SendAsync(RecordingConnection.Header((4u << 20) + 1, 1, (byte)TtrpcMessageType.Response), new byte[(4 << 20) + 1]);

        var failure = await Assert.ThrowsAsync<TtrpcException>(() => call.WaitAsync(Patience));
        Assert.Equal(TtrpcStatusCode.ResourceExhausted, failure.Code);
    }

    [Fact]
    public async Task Closing_the_connection_fails_pending_and_later_calls_with_unavailable()
    {
        var pending = Call("RegisterPlugin", new Empty(), Timeout.InfiniteTimeSpan);
        await this.connection.NextWrittenAsync();

        await this.connection.Peer.CompleteAsync();
        await receiving.WaitAsync(Patience);

        var failure = await Assert.ThrowsAsync<TtrpcException>(() => pending.WaitAsync(Patience));
        Assert.Equal(TtrpcStatusCode.Unavailable, failure.Code);
        Assert.StartsWith("connection closed", failure.Message, StringComparison.Ordinal);
        var later = await Assert.ThrowsAsync<TtrpcException>(() => Call("UpdateContainers", new Empty(), Timeout.InfiniteTimeSpan).WaitAsync(Patience));
        Assert.Equal(TtrpcStatusCode.Unavailable, later.Code);
    }

    [Fact]
    public async Task A_broken_input_fails_pending_calls_naming_the_cause()
    {
        var pending = Call("RegisterPlugin", new Empty(), Timeout.InfiniteTimeSpan);
        await this.connection.NextWrittenAsync();

        await this.connection.Peer.CompleteAsync(new EndOfStreamException("trunk ended mid-frame"));

        var failure = await Assert.ThrowsAsync<TtrpcException>(() => pending.WaitAsync(Patience));
        Assert.Equal(TtrpcStatusCode.Unavailable, failure.Code);
        Assert.Contains("trunk ended mid-frame", failure.Message, StringComparison.Ordinal);
    }

    private Task<Empty> Call(string method, IMessage request, TimeSpan timeout) =>
        client.CallAsync(RuntimeService, method, request, Empty.Parser, timeout, CancellationToken.None);

    private Task Respond(uint streamId, Response response) =>
        this.connection.SendMessageAsync(streamId, TtrpcMessageType.Response, response.ToByteArray());

    private static (uint StreamId, Request Request) Decode(byte[] message)
    {
        Assert.Equal((byte)TtrpcMessageType.Request, message[8]);
        return (BinaryPrimitives.ReadUInt32BigEndian(message.AsSpan(4)), Request.Parser.ParseFrom(message, 10, message.Length - 10));
    }
}
