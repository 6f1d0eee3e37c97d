using System.Buffers;
using System.IO.Pipelines;

namespace HookInjector.Host.Transport.Multiplex;

/// <summary>
/// A socket that carries one ttrpc connection and nothing else: the daemon's link to its worker,
/// which needs none of the multiplexer's logical connections. Its messages go without mux frames,
/// and the bytes read reach the ttrpc reader straight from the socket, not through a pipe per
/// connection. Over a <see cref="BlockingSocketStream"/> its reader runs on a thread of its own
/// (reads block), and serves or completes each message on that thread.
/// </summary>
internal sealed class DedicatedConnection : ILogicalConnection, IDisposable
{
    private const int ReadBufferSize = 64 * 1024;

    private readonly Stream socket;
    private readonly Lock writing = new();
    private bool broken;

    public DedicatedConnection(Stream socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        this.socket = socket;
        Input = PipeReader.Create(socket, new StreamPipeReaderOptions(bufferSize: ReadBufferSize, leaveOpen: true));
    }

    /// <summary>The bytes the peer sends; completes at the end of the stream, or when the socket breaks or is disposed.</summary>
    public PipeReader Input { get; }

    /// <summary>Writes the message whole, in one write, so that the peer wakes once for it; completes when it is written.</summary>
    /// <exception cref="IOException">
    /// The socket is closed or broken, or the peer took nothing for the stream's send timeout. A write that failed
    /// part way would leave the peer a broken message, so the socket is then closed for good.
    /// </exception>
    public ValueTask WriteMessageAsync(ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var length = header.Length + body.Length;
        var message = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            header.Span.CopyTo(message);
            body.Span.CopyTo(message.AsSpan(header.Length));
            lock (writing)
            {
                if (broken)
                {
                    throw new IOException("the connection is closed: an earlier write failed");
                }
                try
                {
                    socket.Write(message, 0, length);
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException)
                {
                    broken = true;
                    socket.Dispose();
                    throw e as IOException ?? new IOException("the connection is closed", e);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(message);
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Runs <paramref name="reader"/>, the ttrpc client or server that reads <see cref="Input"/>, on a thread of
    /// its own: over a <see cref="BlockingSocketStream"/> its reads block that thread until bytes come.
    /// </summary>
    public static Task RunReader(Func<Task> reader) =>
        Task.Factory.StartNew(reader, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    /// <summary>Closes the socket, which also ends a read blocked on it.</summary>
    public void Dispose() => socket.Dispose();
}
