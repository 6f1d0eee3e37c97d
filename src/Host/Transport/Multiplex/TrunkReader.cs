using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Transport.Multiplex;

/// <summary>
/// Splits the inbound trunk into frames and streams each payload into its logical connection as it arrives,
/// so a large frame is never buffered whole and frames for unknown connections cost no allocation.
/// </summary>
internal sealed class TrunkReader(Stream trunk, IReadOnlyDictionary<uint, LogicalConnection> connections, ILogger logger)
{
    private const int ReadBufferSize = 64 * 1024;

    private readonly PipeReader input =
        PipeReader.Create(trunk, new StreamPipeReaderOptions(bufferSize: ReadBufferSize, leaveOpen: true));

    private MuxFrameHeader frame;
    private LogicalConnection? destination;
    private long remaining;

    /// <summary>Returns at a clean end of the trunk; throws when the trunk breaks or violates the protocol.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(ct).ConfigureAwait(false);
                var buffer = result.Buffer;
                buffer = await ConsumeAsync(buffer, ct).ConfigureAwait(false);
                input.AdvanceTo(buffer.Start, buffer.End);

                if (result.IsCompleted)
                {
                    ThrowIfTruncated(buffer.Length);
                    return;
                }
            }
        }
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask<ReadOnlySequence<byte>> ConsumeAsync(ReadOnlySequence<byte> buffer, CancellationToken ct)
    {
        while (true)
        {
            if (remaining == 0)
            {
                if (!MuxFrameHeader.TryRead(ref buffer, out this.frame))
                {
                    return buffer;
                }

                BeginFrame();
                continue;
            }

            if (buffer.IsEmpty)
            {
                return buffer;
            }

            var chunk = buffer.Slice(0, Math.Min(remaining, buffer.Length));
            if (destination is not null)
            {
                await destination.DeliverAsync(chunk, ct).ConfigureAwait(false);
            }

            remaining -= chunk.Length;
            buffer = buffer.Slice(chunk.End);
        }
    }

    private void BeginFrame()
    {
        if (this.frame.PayloadLength > MuxFrameHeader.MaxPayloadLength)
        {
            throw new InvalidDataException(
                $"Mux frame for connection {this.frame.ConnectionId} declares {this.frame.PayloadLength} payload bytes, " +
                $"more than the limit of {MuxFrameHeader.MaxPayloadLength}.");
        }

        remaining = this.frame.PayloadLength;
        destination = connections.GetValueOrDefault(this.frame.ConnectionId);
        if (destination is null && remaining > 0)
        {
            logger.DiscardingFrame(this.frame.ConnectionId, this.frame.PayloadLength);
        }
    }

    private void ThrowIfTruncated(long leftover)
    {
        if (remaining > 0)
        {
            throw new EndOfStreamException(
                $"Trunk ended inside the payload of a mux frame for connection {this.frame.ConnectionId}: " +
                $"{remaining} of {this.frame.PayloadLength} bytes missing.");
        }

        if (leftover > 0)
        {
            throw new EndOfStreamException(
                $"Trunk ended inside a mux frame header: {leftover} of {MuxFrameHeader.Size} bytes received.");
        }
    }
}
