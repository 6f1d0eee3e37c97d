using System.Buffers;
using System.IO.Pipelines;

namespace HookInjector.Host.Transport.Multiplex;

/// <summary>Serialises whole ttrpc messages from all logical connections onto the trunk.</summary>
internal sealed class TrunkWriter(Stream trunk) : IAsyncDisposable
{
    private readonly PipeWriter _output = PipeWriter.Create(trunk, new StreamPipeWriterOptions(leaveOpen: true));
    private readonly SemaphoreSlim _lock = new(1, 1);
    private bool _closed;

    public async ValueTask WriteMessageAsync(
        uint connectionId, ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        if (header.IsEmpty)
        {
            throw new ArgumentException("A message needs a non-empty header.", nameof(header));
        }

        ThrowIfTooLongForOneFrame(header, nameof(header));
        ThrowIfTooLongForOneFrame(body, nameof(body));

        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_closed)
            {
                throw new IOException("The multiplexer trunk is closed.");
            }

            AppendFrame(connectionId, header.Span);
            if (!body.IsEmpty)
            {
                AppendFrame(connectionId, body.Span);
            }

            // Once bytes are staged the flush is not cancellable: abandoning half a message would corrupt the
            // trunk for every logical connection. Disposing the trunk is what aborts a stuck write.
            await _output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException)
        {
            _closed = true;
            throw;
        }
        catch (ObjectDisposedException e)
        {
            _closed = true;
            throw new IOException("The multiplexer trunk is closed.", e);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Waits for an in-progress write to finish and refuses all later ones.</summary>
    /// <remarks>
    /// The lock is deliberately left undisposed: writers still queued on it must wake up and see the trunk closed
    /// instead of waiting forever on a disposed semaphore.
    /// </remarks>
    public async ValueTask DisposeAsync()
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            _closed = true;
            await _output.CompleteAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // Completing flushes nothing new; a broken trunk at this point changes nothing for anyone.
        }
        finally
        {
            _lock.Release();
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

    private void AppendFrame(uint connectionId, ReadOnlySpan<byte> payload)
    {
        var span = _output.GetSpan(MuxFrameHeader.Size);
        new MuxFrameHeader(connectionId, (uint)payload.Length).WriteTo(span);
        _output.Advance(MuxFrameHeader.Size);
        _output.Write(payload);
    }
}
