using System.Buffers;
using System.IO.Pipelines;

namespace HookInjector.Host.Transport.Multiplex;

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
