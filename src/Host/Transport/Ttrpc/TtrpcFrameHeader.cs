using System.Buffers;
using System.Buffers.Binary;

namespace HookInjector.Host.Transport.Ttrpc;

/// <summary>The 10-byte header of a ttrpc message: data length, stream id (both big-endian), type, flags.</summary>
internal readonly record struct TtrpcFrameHeader(uint Length, uint StreamId, TtrpcMessageType Type, byte Flags)
{
    public const int Size = 10;

    /// <summary>Largest message body either side accepts (4 MiB).</summary>
    public const uint MaxDataLength = 4u << 20;

    public static bool TryRead(ReadOnlySequence<byte> buffer, out TtrpcFrameHeader header)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (reader.TryReadBigEndian(out int length)
            && reader.TryReadBigEndian(out int streamId)
            && reader.TryRead(out var type)
            && reader.TryRead(out var flags))
        {
            header = new TtrpcFrameHeader(unchecked((uint)length), unchecked((uint)streamId), (TtrpcMessageType)type, flags);
            return true;
        }

        header = default;
        return false;
    }

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], StreamId);
        destination[8] = (byte)Type;
        destination[9] = Flags;
    }
}
