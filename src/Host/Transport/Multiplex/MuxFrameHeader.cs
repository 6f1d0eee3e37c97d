using System.Buffers;
using System.Buffers.Binary;

namespace HookInjector.Host.Transport.Multiplex;

/// <summary>The 8-byte header in front of every frame on the trunk: connection id and payload length, big-endian.</summary>
internal readonly record struct MuxFrameHeader(uint ConnectionId, uint PayloadLength)
{
    public const int Size = 8;

    /// <summary>Largest payload the Go writer emits (4 MiB ttrpc data plus the 10-byte ttrpc header).</summary>
    public const uint MaxPayloadLength = (4u << 20) + 10;

    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out MuxFrameHeader header)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadBigEndian(out int connectionId) || !reader.TryReadBigEndian(out int length))
        {
            header = default;
            return false;
        }

        header = new MuxFrameHeader(unchecked((uint)connectionId), unchecked((uint)length));
        buffer = buffer.Slice(reader.Position);
        return true;
    }

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, ConnectionId);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], PayloadLength);
    }
}
