using System.Buffers.Binary;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using HookInjector.Host.Transport.Multiplex;
using HookInjector.Host.Transport.Ttrpc;
using HookInjector.Host.Transport.Ttrpc.Wire;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.Transport;

/// <summary>Bytes exactly as a Go runtime frames them, written straight into the plugin's socket.</summary>
public sealed class GoPeerFramingTests
{
    private const string PluginService = "nri.pkg.api.v1alpha1.Plugin";

    [Fact]
    public async Task A_request_split_at_4096_bytes_is_served_and_answered_as_header_frame_plus_body_frame()
    {
        await using var sockets = await UnixSocketPair.CreateAsync();
        await using var mux = new Multiplexer(sockets.First, NullLogger<Multiplexer>.Instance);
        var services = new TtrpcServiceTable().Add(PluginService, "Synchronize", (payload, _) =>
            ValueTask.FromResult<IMessage>(new UInt32Value { Value = (uint)BytesValue.Parser.ParseFrom(payload).Value.Length }));
        var server = new TtrpcServer(mux.Open(Multiplexer.PluginServiceConnection), services, NullLogger<TtrpcServer>.Instance);
        mux.Start(CancellationToken.None);
        var serving = server.RunAsync(CancellationToken.None);
        var runtime = sockets.Second;

        var data = new Request
        {
            Service = PluginService,
            Method = "Synchronize",
            Payload = new BytesValue { Value = ByteString.CopyFrom(new byte[5000]) }.ToByteString(),
        }.ToByteArray();
        byte[] message = [.. Header(data.Length, 1, 1), .. data];
        await runtime.WriteAsync(Frame(1, message[..4096]));
        await runtime.WriteAsync(Frame(1, message[4096..]));

        var headerFrame = await ReadExactlyAsync(runtime, 8 + 10);
        Assert.Equal(Hex.Bytes("00 00 00 01  00 00 00 0A"), headerFrame[..8]);
        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(headerFrame.AsSpan(8));
        Assert.Equal(Header(length, 1, 2), headerFrame[8..]);
        var bodyFrame = await ReadExactlyAsync(runtime, 8 + length);
        Assert.Equal(Frame(1, new byte[length])[..8], bodyFrame[..8]);
        var response = Response.Parser.ParseFrom(bodyFrame, 8, length);
        Assert.Null(response.Status);
        Assert.Equal(5000u, UInt32Value.Parser.ParseFrom(response.Payload).Value);

        runtime.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        await serving.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static byte[] Header(int length, uint streamId, byte type)
    {
        var header = new byte[10];
        BinaryPrimitives.WriteInt32BigEndian(header, length);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), streamId);
        header[8] = type;
        return header;
    }

    private static byte[] Frame(uint connectionId, byte[] payload)
    {
        var frame = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, connectionId);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4), payload.Length);
        payload.CopyTo(frame, 8);
        return frame;
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        return buffer;
    }
}
