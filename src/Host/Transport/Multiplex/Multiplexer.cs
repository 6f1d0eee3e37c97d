using System.Collections.Frozen;
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

    private readonly Stream _trunk;
    private readonly ILogger _logger;
    private readonly TrunkWriter _writer;
    private readonly bool _blockingTrunk;
    private readonly Dictionary<uint, LogicalConnection> _connections = [];
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _disposing = new();
    private Task _readLoop = Task.CompletedTask;
    private IOException? _writeStalled;
    private int _started;
    private int _disposed;

    /// <param name="time">The clock of the write deadline (<see cref="TrunkWriter.WriteTimeout"/>); the system clock when null.</param>
    /// <param name="blockingTrunk">
    /// The trunk's reads block (a <see cref="BlockingSocketStream"/>): it is read on a thread of its own, which also
    /// runs each connection's reader as soon as bytes arrive for it, so a message costs one thread wake-up, not three
    /// (epoll thread, pool thread for the trunk, pool thread for the connection). Then a connection's reader must not
    /// block, or the trunk's other connections wait for it.
    /// </param>
    public Multiplexer(Stream trunk, ILogger<Multiplexer> logger, TimeProvider? time = null, bool blockingTrunk = false)
    {
        ArgumentNullException.ThrowIfNull(trunk);
        ArgumentNullException.ThrowIfNull(logger);
        _trunk = trunk;
        _logger = logger;
        _blockingTrunk = blockingTrunk;
        _writer = new TrunkWriter(trunk, time ?? TimeProvider.System, OnWriteStalled);
    }

    /// <summary>
    /// Completes when the trunk ends: normally at end of stream or after disposal, cancelled when the token given
    /// to <see cref="Start"/> is cancelled, faulted with the cause when the trunk breaks or violates the protocol,
    /// or when the peer stops reading (a write exceeds <see cref="TrunkWriter.WriteTimeout"/>).
    /// </summary>
    public Task Completion => _completion.Task;

    /// <summary>Creates the local end of a logical connection; all connections must be opened before <see cref="Start"/>.</summary>
    public ILogicalConnection Open(uint connectionId)
    {
        ArgumentOutOfRangeException.ThrowIfZero(connectionId);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Volatile.Read(ref _started) != 0)
        {
            throw new InvalidOperationException("Connections must be opened before the multiplexer starts reading.");
        }

        if (_connections.ContainsKey(connectionId))
        {
            throw new InvalidOperationException($"Connection {connectionId} is already open.");
        }

        var connection = new LogicalConnection(connectionId, _writer, _logger, deliverInline: _blockingTrunk);
        _connections.Add(connectionId, connection);
        return connection;
    }

    /// <summary>Starts demultiplexing the trunk into the opened connections.</summary>
    public void Start(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The multiplexer is already started.");
        }

        var connections = _connections.ToFrozenDictionary();
        _readLoop = _blockingTrunk
            ? Task.Factory.StartNew(() => ReadLoopAsync(connections, ct), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()
            : ReadLoopAsync(connections, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        // Closing the trunk is what releases reads and writes blocked inside the socket.
        await _trunk.DisposeAsync().ConfigureAwait(false);
        await _readLoop.ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            Finish(failure: null, CancellationToken.None);
        }

        _disposing.Dispose();
    }

    private async Task ReadLoopAsync(FrozenDictionary<uint, LogicalConnection> connections, CancellationToken ct)
    {
        Exception? failure = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, _disposing.Token);
        try
        {
            await new TrunkReader(_trunk, connections, _logger).RunAsync(stop.Token).ConfigureAwait(false);
            if (Volatile.Read(ref _writeStalled) is null)
            {
                _logger.TrunkEnded();
            }
        }
        catch (Exception) when (stop.IsCancellationRequested || Volatile.Read(ref _writeStalled) is not null)
        {
            // Stopping on request (or disposal, or a stalled write, pulling the trunk away) is not a new failure.
        }
        catch (Exception e)
        {
            failure = e;
            _logger.TrunkFailed(e);
        }

        Finish(failure, _disposing.IsCancellationRequested ? CancellationToken.None : ct);
    }

    /// <summary>
    /// A write found the peer no longer reading: the trunk is useless from here on, since every logical connection
    /// shares it, so it fails as a whole and at once rather than when each later writer times out in turn.
    /// </summary>
    private void OnWriteStalled(IOException failure)
    {
        if (Interlocked.CompareExchange(ref _writeStalled, failure, null) is not null)
        {
            return;
        }

        _logger.TrunkFailed(failure);
        _completion.TrySetException(failure);
        // Closing the trunk also ends the read loop, which then completes every connection's input with this failure.
        _trunk.Dispose();
    }

    private void Finish(Exception? failure, CancellationToken cancelledBy)
    {
        failure ??= Volatile.Read(ref _writeStalled);
        foreach (var connection in _connections.Values)
        {
            connection.CompleteInput(failure);
        }

        if (failure is not null)
        {
            _completion.TrySetException(failure);
        }
        else if (cancelledBy.IsCancellationRequested)
        {
            _completion.TrySetCanceled(cancelledBy);
        }
        else
        {
            _completion.TrySetResult();
        }
    }
}
