using System.Net.Sockets;

namespace HookInjector.Host.Transport.Multiplex;

/// <summary>
/// A socket read and written with plain blocking calls, its asynchronous methods included, which
/// complete before they return: a <see cref="DedicatedConnection"/> is read on a thread of its own,
/// which the kernel itself wakes when bytes arrive, where an asynchronous receive wakes the runtime's
/// epoll thread, which wakes a pool thread (NetworkStream would also leave the socket non-blocking,
/// so that even its blocking calls wait for the epoll thread).
/// <para>
/// A thread waits for bytes in poll(POLLIN), never in a blocking recv: on a unix socket every message
/// the peer consumes wakes whatever sleeps on the sender's socket to say there is room to write again,
/// and a thread asleep in recv is woken by that too, only to find nothing and sleep again. Each message
/// would then cost a second, empty wake-up on the other side of the socket; poll is woken only for what
/// it waits for.
/// </para>
/// </summary>
internal sealed class BlockingSocketStream : Stream
{
    private readonly Socket socket;
    private readonly TimeSpan sendTimeout;
    private int disposed;

    // Whether the last read took less than it asked for, which means it took all there was.
    private bool drained;

    /// <param name="sendTimeout">How long one write may wait for room before the peer counts as no longer reading.</param>
    public BlockingSocketStream(Socket socket, TimeSpan sendTimeout)
    {
        ArgumentNullException.ThrowIfNull(socket);
        this.socket = socket;
        this.sendTimeout = sendTimeout;
        // Receive and Send never wait: the waiting is done in poll (see the class's remarks).
        this.socket.Blocking = false;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            if (drained)
            {
                // The last read emptied the socket, so a recv now would most likely only say so: a request
                // and its reply cost three system calls (poll, recv, send) instead of four.
                WaitForBytes();
            }
            while (true)
            {
                var received = this.socket.Receive(buffer, SocketFlags.None, out var error);
                if (error == SocketError.Success)
                {
                    drained = received < buffer.Length;
                    return received;
                }
                if (error != SocketError.WouldBlock)
                {
                    throw new SocketException((int)error);
                }
                WaitForBytes();
            }
        }
        catch (SocketException e)
        {
            throw new IOException($"cannot read the socket: {e.Message}", e);
        }
        catch (ObjectDisposedException e)
        {
            throw new IOException("cannot read the socket: it is closed", e);
        }
    }

    /// <summary>Woken by bytes, the peer's end of stream, or Dispose shutting the socket down.</summary>
    private void WaitForBytes() => this.socket.Poll(-1, SelectMode.SelectRead);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>Writes all of <paramref name="buffer"/>, waiting at most the send timeout for room each time the socket is full.</summary>
    /// <exception cref="IOException">The socket broke, or the peer took nothing for the whole send timeout.</exception>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            while (!buffer.IsEmpty)
            {
                var sent = this.socket.Send(buffer, SocketFlags.None, out var error);
                if (error == SocketError.Success)
                {
                    buffer = buffer[sent..];
                    continue;
                }
                if (error != SocketError.WouldBlock)
                {
                    throw new SocketException((int)error);
                }
                if (!this.socket.Poll(sendTimeout, SelectMode.SelectWrite))
                {
                    throw new SocketException((int)SocketError.TimedOut);
                }
            }
        }
        catch (SocketException e)
        {
            throw new IOException($"cannot write the socket: {e.Message}", e);
        }
        catch (ObjectDisposedException e)
        {
            throw new IOException("cannot write the socket: it is closed", e);
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref disposed, 1) == 0)
        {
            try
            {
                // Closing a descriptor does not wake a thread blocked in recv on it; shutting it down does.
                this.socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // Already disconnected.
            }
            this.socket.Dispose();
        }
        base.Dispose(disposing);
    }
}
