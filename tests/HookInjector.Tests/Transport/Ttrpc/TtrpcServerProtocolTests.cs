using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using HookInjector.Host.Transport.Ttrpc;

namespace HookInjector.Tests.Transport.Ttrpc;

/// <summary>Malformed or unexpected input fails only the stream it names; the connection keeps serving.</summary>
public sealed class TtrpcServerProtocolTests : IAsyncLifetime
{
    private ServerHarness harness = null!;

    public Task InitializeAsync()
    {
        harness = ServerHarness.Start(new TtrpcServiceTable().Add(ServerHarness.PluginService, "Synchronize",
            (_, _) => ValueTask.FromResult<IMessage>(new Empty())));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task An_even_stream_id_is_rejected()
    {
        await harness.SendRequestAsync(2, ServerHarness.PluginService, "Synchronize");

        await ExpectFailureAsync(2, TtrpcStatusCode.InvalidArgument, "StreamID must be odd for client initiated streams");
        await ExpectStillServingAsync(3);
    }

    [Fact]
    public async Task A_stream_id_that_does_not_increase_is_rejected()
    {
        await harness.SendRequestAsync(5, ServerHarness.PluginService, "Synchronize");
        Assert.Null((await harness.NextResponseAsync()).Response.Status);

        await harness.SendRequestAsync(5, ServerHarness.PluginService, "Synchronize");
        await ExpectFailureAsync(5, TtrpcStatusCode.InvalidArgument, "StreamID cannot be re-used and must increment");
        await harness.SendRequestAsync(3, ServerHarness.PluginService, "Synchronize");
        await ExpectFailureAsync(3, TtrpcStatusCode.InvalidArgument, "StreamID cannot be re-used and must increment");
        await ExpectStillServingAsync(7);
    }

    [Fact]
    public async Task An_undecodable_request_is_rejected()
    {
        // Field 1 claims 16 bytes of string but the message ends after 2.
        await harness.Connection.SendMessageAsync(1, TtrpcMessageType.Request, Hex.Bytes("0A 10 41 42"));

        var (streamId, status) = await harness.NextFailureAsync();
        Assert.Equal(1u, streamId);
        Assert.Equal((int)TtrpcStatusCode.InvalidArgument, status.Code);
        Assert.StartsWith("unmarshal request error: ", status.Message, StringComparison.Ordinal);
        await ExpectStillServingAsync(3);
    }

    [Fact]
    public async Task A_message_over_4_MiB_is_skipped_and_answered_with_resource_exhausted()
    {
        const uint oversized = (4u << 20) + 1;
        await harness.Connection.SendAsync(RecordingConnection.Header(oversized, 1, (byte)TtrpcMessageType.Request));
        // The data arrives in pieces, as it would from the trunk, and is garbage: it must not be parsed.
        for (var sent = 0; sent < oversized; sent += 65536)
        {
            var piece = new byte[Math.Min(65536, oversized - sent)];
            Array.Fill(piece, (byte)0xFF);
            await harness.Connection.SendAsync(piece);
        }

        var (streamId, status) = await harness.NextFailureAsync();
        Assert.Equal(1u, streamId);
        Assert.Equal((int)TtrpcStatusCode.ResourceExhausted, status.Code);
        Assert.Contains("4194305", status.Message, StringComparison.Ordinal);
        await ExpectStillServingAsync(3);
    }

    [Fact]
    public async Task A_data_message_is_rejected_because_no_stream_is_open()
    {
        await harness.Connection.SendMessageAsync(1, TtrpcMessageType.Data, Hex.Bytes("0A 00"));

        await ExpectFailureAsync(1, TtrpcStatusCode.InvalidArgument, "StreamID is no longer active");
        await ExpectStillServingAsync(3);
    }

    [Fact]
    public async Task A_message_of_unknown_type_is_ignored()
    {
        await harness.Connection.SendMessageAsync(1, (TtrpcMessageType)0x07, Hex.Bytes("01 02 03"));

        // The first thing written is the answer to the next request, so nothing was sent for the unknown message.
        await ExpectStillServingAsync(3);
    }

    [Fact]
    public async Task A_response_sent_to_the_server_is_ignored()
    {
        await harness.Connection.SendMessageAsync(1, TtrpcMessageType.Response, []);

        await ExpectStillServingAsync(3);
    }

    [Fact]
    public async Task Several_messages_in_one_chunk_and_one_message_across_chunks_are_all_served()
    {
        var request = new HookInjector.Host.Transport.Ttrpc.Wire.Request { Service = ServerHarness.PluginService, Method = "Synchronize" }.ToByteArray();
        byte[] Message(uint streamId) => [.. RecordingConnection.Header((uint)request.Length, streamId, 1), .. request];
        byte[] stream = [.. Message(1), .. Message(3), .. Message(5)];

        await harness.Connection.SendAsync(stream[..7], stream[7..(stream.Length - 3)], stream[^3..]);

        var answered = new[] { await harness.NextResponseAsync(), await harness.NextResponseAsync(), await harness.NextResponseAsync() };
        Assert.Equal([1u, 3u, 5u], answered.Select(a => a.StreamId).Order());
    }

    private async Task ExpectFailureAsync(uint streamId, TtrpcStatusCode code, string message)
    {
        var failure = await harness.NextFailureAsync();
        Assert.Equal((streamId, (int)code, message), (failure.StreamId, failure.Status.Code, failure.Status.Message));
    }

    private async Task ExpectStillServingAsync(uint streamId)
    {
        await harness.SendRequestAsync(streamId, ServerHarness.PluginService, "Synchronize");
        var (answered, response) = await harness.NextResponseAsync();
        Assert.Equal(streamId, answered);
        Assert.Null(response.Status);
    }
}
