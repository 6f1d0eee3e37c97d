using System.Buffers;
using System.IO.Pipelines;

namespace HookInjector.Host.Transport.Ttrpc;

/// <summary>Cuts a logical connection's byte stream into ttrpc messages, independent of how it was framed below.</summary>
internal static class TtrpcFrameReader
{
    /// <summary>Runs until the input completes; the number of trailing bytes of an incomplete message is returned.</summary>
    public static async Task<long> ReadAllAsync(PipeReader input, ITtrpcFrameSink sink, CancellationToken ct)
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
