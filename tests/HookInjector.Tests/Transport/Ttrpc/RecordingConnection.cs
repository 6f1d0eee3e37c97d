using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Threading.Channels;
using HookInjector.Host.Transport.Multiplex;
using HookInjector.Host.Transport.Ttrpc;

namespace HookInjector.Tests.Transport.Ttrpc;

/// <summary>A logical connection whose input the test writes and whose outgoing messages the test inspects.</summary>
internal sealed class RecordingConnection : ILogicalConnection
{
    private readonly Pipe input = new();
    private readonly Channel<byte[]> written = Channel.CreateUnbounded<byte[]>();

    public PipeReader Input => this.input.Reader;

    public PipeWriter Peer => this.input.Writer;

    public ValueTask WriteMessageAsync(ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        written.Writer.TryWrite([.. header.Span, .. body.Span]);
        return ValueTask.CompletedTask;
    }

    /// <summary>The next whole message (10-byte header and data) the component under test sent.</summary>
    public async Task<byte[]> NextWrittenAsync() =>
        await written.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public bool TryTakeWritten(out byte[]? message) => written.Reader.TryRead(out message);

    public async Task SendAsync(params byte[][] chunks)
    {
        foreach (var chunk in chunks)
        {
            await Peer.WriteAsync(chunk);
        }
    }

    /// <summary>Sends one ttrpc message with a hand-chosen header.</summary>
    public Task SendMessageAsync(uint streamId, TtrpcMessageType type, byte[] data) =>
        SendAsync([.. Header((uint)data.Length, streamId, (byte)type), .. data]);

    public static byte[] Header(uint length, uint streamId, byte type)
    {
        var header = new byte[10];
        BinaryPrimitives.WriteUInt32BigEndian(header, length);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), streamId);
        header[8] = type;
        return header;
    }
}
