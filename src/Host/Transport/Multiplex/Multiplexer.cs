using System.Buffers;
using System.Collections.Frozen;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Transport.Multiplex;

/// <summary>
/// One trunk (a connected stream socket) carrying the logical connections of the NRI protocol.
/// Opening a connection is purely local: the peer learns of it only when bytes arrive.
/// </summary>
internal sealed class Multiplexer : IAsyncDisposable
{
    /// <summary>The plugin serves the NRI Plugin service here.</summary>
    public const uint PluginServiceConnection = 1;

    /// <summary>The plugin calls the NRI Runtime service here.</summary>
    public const uint RuntimeServiceConnection = 2;

    private readonly Stream trunk;
    private readonly ILogger logger;
    private readonly TrunkWriter writer;
    private readonly Dictionary<uint, LogicalConnection> connections = [];
    private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource disposing = new();
    private Task readLoop = Task.CompletedTask;
    private IOException? writeStalled;
    private int started;
    private int disposed;

    /// <param name="time">The clock of the write deadline (<see cref="TrunkWriter.WriteTimeout"/>); the system clock when null.</param>
    public Multiplexer(Stream trunk, ILogger<Multiplexer> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(trunk);
        ArgumentNullException.ThrowIfNull(logger);
        this.trunk = trunk;
        this.logger = logger;
        this.writer = new TrunkWriter(trunk, time ?? TimeProvider.System, OnWriteStalled);
    }

    /// <summary>
    /// Completes when the trunk ends: normally at end of stream or after disposal, cancelled when the token given
    /// to <see cref="Start"/> is cancelled, faulted with the cause when the trunk breaks or violates the protocol,
    /// or when the peer stops reading (a write exceeds <see cref="TrunkWriter.WriteTimeout"/>).
    /// </summary>
    public Task Completion => completion.Task;

    /// <summary>Creates the local end of a logical connection; all connections must be opened before <see cref="Start"/>.</summary>
    public ILogicalConnection Open(uint connectionId)
    {
        ArgumentOutOfRangeException.ThrowIfZero(connectionId);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        if (Volatile.Read(ref this.started) != 0)
        {
            throw new InvalidOperationException("Connections must be opened before the multiplexer starts reading.");
        }

        if (this.connections.ContainsKey(connectionId))
        {
            throw new InvalidOperationException($"Connection {connectionId} is already open.");
        }

        var connection = new LogicalConnection(connectionId, this.writer, this.logger);
        this.connections.Add(connectionId, connection);
        return connection;
    }

    /// <summary>Starts demultiplexing the trunk into the opened connections.</summary>
    public void Start(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        if (Interlocked.Exchange(ref this.started, 1) != 0)
        {
            throw new InvalidOperationException("The multiplexer is already started.");
        }

        readLoop = ReadLoopAsync(this.connections.ToFrozenDictionary(), ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await disposing.CancelAsync().ConfigureAwait(false);
        // Closing the trunk is what releases reads and writes blocked inside the socket.
        await this.trunk.DisposeAsync().ConfigureAwait(false);
        await readLoop.ConfigureAwait(false);
        await this.writer.DisposeAsync().ConfigureAwait(false);
        if (Interlocked.Exchange(ref this.started, 1) == 0)
        {
            Finish(failure: null, CancellationToken.None);
        }

        disposing.Dispose();
    }

    private async Task ReadLoopAsync(FrozenDictionary<uint, LogicalConnection> connections, CancellationToken ct)
    {
        Exception? failure = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, disposing.Token);
        try
        {
            await new TrunkReader(this.trunk, connections, this.logger).RunAsync(stop.Token).ConfigureAwait(false);
            if (Volatile.Read(ref writeStalled) is null)
            {
                this.logger.TrunkEnded();
            }
        }
        catch (Exception) when (stop.IsCancellationRequested || Volatile.Read(ref writeStalled) is not null)
        {
            // Stopping on request (or disposal, or a stalled write, pulling the trunk away) is not a new failure.
        }
        catch (Exception e)
        {
            failure = e;
            this.logger.TrunkFailed(e);
        }

        Finish(failure, disposing.IsCancellationRequested ? CancellationToken.None : ct);
    }

    /// <summary>
    /// A write found the peer no longer reading: the trunk is useless from here on, since every logical connection
    /// shares it, so it fails as a whole and at once rather than when each later writer times out in turn.
    /// </summary>
    private void OnWriteStalled(IOException failure)
    {
        if (Interlocked.CompareExchange(ref writeStalled, failure, null) is not null)
        {
            return;
        }

        this.logger.TrunkFailed(failure);
        completion.TrySetException(failure);
        // Closing the trunk also ends the read loop, which then completes every connection's input with this failure.
        this.trunk.Dispose();
    }

    private void Finish(Exception? failure, CancellationToken cancelledBy)
    {
        failure ??= Volatile.Read(ref writeStalled);
        foreach (var connection in this.connections.Values)
        {
            connection.CompleteInput(failure);
        }

        if (failure is not null)
        {
            completion.TrySetException(failure);
        }
        else if (cancelledBy.IsCancellationRequested)
        {
            completion.TrySetCanceled(cancelledBy);
        }
        else
        {
            completion.TrySetResult();
        }
    }
}

/// <summary>The local end of one logical connection: its inbound pipe, fed by the trunk reader, and its writes onto the trunk.</summary>
internal sealed class LogicalConnection(uint id, TrunkWriter writer, ILogger logger) : ILogicalConnection
{
    // A ttrpc reader consumes nothing until a whole message (up to 4 MiB + header) has arrived, so the pause
    // threshold must stay well above that or the trunk reader and the ttrpc reader would wait on each other.
    private static readonly PipeOptions InboundOptions = new(
        pauseWriterThreshold: 16 << 20,
        resumeWriterThreshold: 8 << 20,
        useSynchronizationContext: false);

    private readonly Pipe inbound = new(InboundOptions);
    private bool readerGone;

    public uint Id => id;

    public PipeReader Input => inbound.Reader;

    public ValueTask WriteMessageAsync(ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> body, CancellationToken ct) =>
        writer.WriteMessageAsync(id, header, body, ct);

    /// <summary>Appends bytes received on the trunk; waits while the consumer is far behind.</summary>
    public async ValueTask DeliverAsync(ReadOnlySequence<byte> bytes, CancellationToken ct)
    {
        if (readerGone)
        {
            return;
        }

        foreach (var segment in bytes)
        {
            inbound.Writer.Write(segment.Span);
        }

        var flush = await inbound.Writer.FlushAsync(ct).ConfigureAwait(false);
        if (flush.IsCompleted)
        {
            readerGone = true;
            logger.ConnectionStoppedReading(id);
        }
    }

    public void CompleteInput(Exception? failure) => inbound.Writer.Complete(failure);
}
