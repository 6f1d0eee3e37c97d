using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;

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

/// <summary>
/// Serialises whole ttrpc messages from all logical connections onto the trunk, and declares the trunk dead when
/// the peer stops taking bytes.
/// </summary>
internal sealed class TrunkWriter(Stream trunk, TimeProvider time, Action<IOException> stalled) : IAsyncDisposable
{
    /// <summary>How long one message may take to reach the socket before the peer counts as no longer reading.</summary>
    /// <remarks>
    /// A runtime drains its NRI socket continuously, and even a 4 MiB message crosses a unix socket in milliseconds,
    /// so a write still blocked after this long means the peer stopped reading. Waiting longer gains nothing: the
    /// runtime gives up on a call after its request timeout (2 s by default), and a plugin that waits for ever
    /// can neither answer anyone else on the trunk nor shut down.
    /// </remarks>
    public static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(5);

    private readonly PipeWriter output = PipeWriter.Create(trunk, new StreamPipeWriterOptions(leaveOpen: true));
    private readonly SemaphoreSlim writing = new(1, 1);
    private bool closed;

    public async ValueTask WriteMessageAsync(
        uint connectionId, ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        if (header.IsEmpty)
        {
            throw new ArgumentException("A message needs a non-empty header.", nameof(header));
        }

        ThrowIfTooLongForOneFrame(header, nameof(header));
        ThrowIfTooLongForOneFrame(body, nameof(body));

        await this.writing.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (this.closed)
            {
                throw new IOException("The multiplexer trunk is closed.");
            }

            // Both frames in one buffer, so that the flush is one write to the socket, not one per buffer segment.
            var length = MuxFrameHeader.Size + header.Length + (body.IsEmpty ? 0 : MuxFrameHeader.Size + body.Length);
            var frames = output.GetSpan(length);
            var written = AppendFrame(frames, connectionId, header.Span);
            if (!body.IsEmpty)
            {
                AppendFrame(frames[written..], connectionId, body.Span);
            }

            output.Advance(length);

            await FlushAsync(header.Length + body.Length).ConfigureAwait(false);
        }
        catch (IOException)
        {
            this.closed = true;
            throw;
        }
        catch (ObjectDisposedException e)
        {
            this.closed = true;
            throw new IOException("The multiplexer trunk is closed.", e);
        }
        finally
        {
            this.writing.Release();
        }
    }

    /// <summary>Waits for an in-progress write to finish and refuses all later ones.</summary>
    /// <remarks>
    /// The lock is deliberately left undisposed: writers still queued on it must wake up and see the trunk closed
    /// instead of waiting forever on a disposed semaphore.
    /// </remarks>
    public async ValueTask DisposeAsync()
    {
        await this.writing.WaitAsync().ConfigureAwait(false);
        try
        {
            this.closed = true;
            await output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // Completing only pushes out what a failed write left behind; on a closed or broken trunk that is lost anyway.
        }
        finally
        {
            this.writing.Release();
        }
    }

    private async ValueTask FlushAsync(int messageLength)
    {
        // Once bytes are staged the flush is not cancellable by the caller: abandoning half a message would corrupt
        // the trunk for every logical connection. Only the deadline aborts it, and that ends the trunk.
        using var deadline = new CancellationTokenSource(WriteTimeout, time);
        try
        {
            await output.FlushAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (deadline.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            var failure = new IOException(
                $"the runtime stopped reading the NRI socket: a {messageLength}-byte message could not be written " +
                $"within {WriteTimeout.TotalSeconds:0} s", e);
            this.closed = true;
            stalled(failure);
            throw failure;
        }
    }

    private static void ThrowIfTooLongForOneFrame(ReadOnlyMemory<byte> payload, string name)
    {
        if ((uint)payload.Length > MuxFrameHeader.MaxPayloadLength)
        {
            throw new ArgumentOutOfRangeException(
                name, payload.Length, $"A frame payload may not exceed {MuxFrameHeader.MaxPayloadLength} bytes.");
        }
    }

    /// <summary>Writes one frame at the start of <paramref name="destination"/>; returns its length.</summary>
    private static int AppendFrame(Span<byte> destination, uint connectionId, ReadOnlySpan<byte> payload)
    {
        new MuxFrameHeader(connectionId, (uint)payload.Length).WriteTo(destination);
        payload.CopyTo(destination[MuxFrameHeader.Size..]);
        return MuxFrameHeader.Size + payload.Length;
    }
}
