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

    private readonly PipeReader _input =
        PipeReader.Create(trunk, new StreamPipeReaderOptions(bufferSize: ReadBufferSize, leaveOpen: true));

    private MuxFrameHeader _frame;
    private LogicalConnection? _destination;
    private long _remaining;

    /// <summary>Returns at a clean end of the trunk; throws when the trunk breaks or violates the protocol.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(ct).ConfigureAwait(false);
                var buffer = result.Buffer;
                buffer = await ConsumeAsync(buffer, ct).ConfigureAwait(false);
                _input.AdvanceTo(buffer.Start, buffer.End);

                if (result.IsCompleted)
                {
                    ThrowIfTruncated(buffer.Length);
                    return;
                }
            }
        }
        finally
        {
            await _input.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask<ReadOnlySequence<byte>> ConsumeAsync(ReadOnlySequence<byte> buffer, CancellationToken ct)
    {
        while (true)
        {
            if (_remaining == 0)
            {
                if (!MuxFrameHeader.TryRead(ref buffer, out _frame))
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

            var chunk = buffer.Slice(0, Math.Min(_remaining, buffer.Length));
            if (_destination is not null)
            {
                await _destination.DeliverAsync(chunk, ct).ConfigureAwait(false);
            }

            _remaining -= chunk.Length;
            buffer = buffer.Slice(chunk.End);
        }
    }

    private void BeginFrame()
    {
        if (_frame.PayloadLength > MuxFrameHeader.MaxPayloadLength)
        {
            throw new InvalidDataException(
                $"Mux frame for connection {_frame.ConnectionId} declares {_frame.PayloadLength} payload bytes, " +
                $"more than the limit of {MuxFrameHeader.MaxPayloadLength}.");
        }

        _remaining = _frame.PayloadLength;
        _destination = connections.GetValueOrDefault(_frame.ConnectionId);
        if (_destination is null && _remaining > 0)
        {
            logger.DiscardingFrame(_frame.ConnectionId, _frame.PayloadLength);
        }
    }

    private void ThrowIfTruncated(long leftover)
    {
        if (_remaining > 0)
        {
            throw new EndOfStreamException(
                $"Trunk ended inside the payload of a mux frame for connection {_frame.ConnectionId}: " +
                $"{_remaining} of {_frame.PayloadLength} bytes missing.");
        }

        if (leftover > 0)
        {
            throw new EndOfStreamException(
                $"Trunk ended inside a mux frame header: {leftover} of {MuxFrameHeader.Size} bytes received.");
        }
    }
}
