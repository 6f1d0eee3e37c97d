using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Google.Protobuf;
using HookInjector.Host.Transport.Multiplex;

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

/// <summary>The type byte of a <see cref="TtrpcFrameHeader"/>.</summary>
internal enum TtrpcMessageType : byte
{
    Request = 1,
    Response = 2,

    /// <summary>Streaming only; NRI defines no streaming methods.</summary>
    Data = 3,
}

/// <summary>Cuts a logical connection's byte stream into ttrpc messages, independent of how it was framed below.</summary>
internal static class TtrpcFrameReader
{
    /// <summary>Runs until the input completes; the number of trailing bytes of an incomplete message is returned.</summary>
    /// <param name="skipOversized">
    /// Skip a message over the limit and go on, as the Go ttrpc does; otherwise it ends the reading with an
    /// <see cref="InvalidDataException"/>, for a peer that never sends one unless its stream is broken.
    /// </param>
    public static async Task<long> ReadAllAsync(PipeReader input, ITtrpcFrameSink sink, CancellationToken ct, bool skipOversized = true)
    {
        TtrpcFrameHeader skipping = default;
        long skipRemaining = 0;
        while (true)
        {
            var result = await input.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            while (true)
            {
                if (skipRemaining > 0)
                {
                    var skipped = Math.Min(skipRemaining, buffer.Length);
                    buffer = buffer.Slice(skipped);
                    skipRemaining -= skipped;
                    if (skipRemaining > 0)
                    {
                        break;
                    }

                    await sink.OnOversizedMessageAsync(skipping, ct).ConfigureAwait(false);
                }

                if (!TtrpcFrameHeader.TryRead(buffer, out var header))
                {
                    break;
                }

                if (header.Length > TtrpcFrameHeader.MaxDataLength)
                {
                    if (!skipOversized)
                    {
                        throw new InvalidDataException($"a message of {header.Length} bytes, over the limit of {TtrpcFrameHeader.MaxDataLength}");
                    }
                    // Skip the data as it streams in rather than buffering it: the peer stays usable.
                    skipping = header;
                    skipRemaining = header.Length;
                    buffer = buffer.Slice(TtrpcFrameHeader.Size);
                    continue;
                }

                var messageLength = TtrpcFrameHeader.Size + (long)header.Length;
                if (buffer.Length < messageLength)
                {
                    break;
                }

                await sink.OnMessageAsync(header, buffer.Slice(TtrpcFrameHeader.Size, header.Length), ct).ConfigureAwait(false);
                buffer = buffer.Slice(messageLength);
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return buffer.Length + skipRemaining;
            }
        }
    }
}

/// <summary>Receives the messages that <see cref="TtrpcFrameReader"/> cuts out of a logical connection.</summary>
internal interface ITtrpcFrameSink
{
    /// <summary>A complete message; <paramref name="data"/> is only valid until the returned task completes.</summary>
    ValueTask OnMessageAsync(TtrpcFrameHeader header, ReadOnlySequence<byte> data, CancellationToken ct);

    /// <summary>A message longer than <see cref="TtrpcFrameHeader.MaxDataLength"/>, whose data has been skipped.</summary>
    ValueTask OnOversizedMessageAsync(TtrpcFrameHeader header, CancellationToken ct);
}

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
