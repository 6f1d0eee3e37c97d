using System.Buffers;
using Google.Protobuf;
using HookInjector.Host.Transport.Multiplex;

namespace HookInjector.Host.Transport.Ttrpc;

/// <summary>Serialises a ttrpc envelope with its header into one pooled buffer and sends it as a single message.</summary>
internal static class TtrpcMessageWriter
{
    /// <exception cref="TtrpcException">The envelope exceeds the ttrpc size limit (code ResourceExhausted); nothing is sent.</exception>
    /// <exception cref="IOException">The connection's trunk is closed or broken.</exception>
    public static async ValueTask WriteAsync(
        ILogicalConnection connection, uint streamId, TtrpcMessageType type, IMessage envelope, CancellationToken ct)
    {
        var length = envelope.CalculateSize();
        if ((uint)length > TtrpcFrameHeader.MaxDataLength)
        {
            throw new TtrpcException(
                TtrpcStatusCode.ResourceExhausted,
                $"ttrpc {type.ToString().ToLowerInvariant()} of {length} bytes exceeds the limit of {TtrpcFrameHeader.MaxDataLength} bytes");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(TtrpcFrameHeader.Size + length);
        try
        {
            new TtrpcFrameHeader((uint)length, streamId, type, Flags: 0).WriteTo(buffer);
            envelope.WriteTo(buffer.AsSpan(TtrpcFrameHeader.Size, length));
            var memory = buffer.AsMemory(0, TtrpcFrameHeader.Size + length);
            await connection.WriteMessageAsync(memory[..TtrpcFrameHeader.Size], memory[TtrpcFrameHeader.Size..], ct)
                .ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
