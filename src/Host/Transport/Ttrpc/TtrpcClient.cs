using System.Buffers;
using System.Diagnostics;
using Google.Protobuf;
using HookInjector.Host.Transport.Multiplex;
using HookInjector.Host.Transport.Ttrpc.Wire;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Transport.Ttrpc;

/// <summary>
/// Makes unary ttrpc calls on one logical connection; <see cref="RunAsync"/> must run to receive the responses.
/// </summary>
internal sealed class TtrpcClient : ITtrpcFrameSink, IDisposable
{
    private const uint LastStreamId = uint.MaxValue;

    private readonly ILogicalConnection connection;
    private readonly ILogger logger;
    private readonly PendingCalls pending;
    private readonly bool strayEndsConnection;

    // Held from choosing a stream id until its request is written, because the server insists on increasing ids.
    private readonly SemaphoreSlim sendLock = new(1, 1);
    private uint nextStreamId = 1;
    private int running;

    /// <param name="completeCallsInline">
    /// Continue each caller on the thread that reads its reply instead of the thread pool, saving a thread wake-up per
    /// call. Only for callers that never block a thread waiting for another reply of this client: until the caller
    /// awaits something, this client reads nothing more.
    /// </param>
    /// <param name="strayEndsConnection">
    /// A reply no call awaits, or one over the size limit, ends the connection (every call then fails as
    /// Unavailable) instead of being logged or skipped: for a peer that only ever answers the calls it is sent,
    /// where such a message means something else wrote to its socket and nothing after it can be trusted.
    /// </param>
    public TtrpcClient(ILogicalConnection conn, ILogger<TtrpcClient> logger, bool completeCallsInline = false, bool strayEndsConnection = false)
    {
        ArgumentNullException.ThrowIfNull(conn);
        ArgumentNullException.ThrowIfNull(logger);
        this.connection = conn;
        this.logger = logger;
        this.pending = new PendingCalls(completeCallsInline);
        this.strayEndsConnection = strayEndsConnection;
    }

    /// <summary>
    /// Receives responses until the connection's input completes, then fails every pending and later call with
    /// <see cref="TtrpcStatusCode.Unavailable"/>.
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref running, 1) != 0)
        {
            throw new InvalidOperationException("The client is already receiving.");
        }

        var reason = "the client stopped receiving";
        try
        {
            var unread = await TtrpcFrameReader.ReadAllAsync(this.connection.Input, this, ct, skipOversized: !strayEndsConnection).ConfigureAwait(false);
            reason = unread == 0 ? "end of stream" : $"end of stream inside a message, {unread} bytes unread";
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            reason = e.Message;
        }
        finally
        {
            this.logger.InputEnded(reason);
            this.pending.Close(reason);
            await this.connection.Input.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Calls <paramref name="service"/>/<paramref name="method"/> and waits for the reply.</summary>
    /// <param name="timeout">Deadline for the whole call, also sent to the server; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <exception cref="TtrpcException">
    /// The server's error status; DeadlineExceeded when <paramref name="timeout"/> passes; ResourceExhausted for a
    /// request over 4 MiB (not sent); Unavailable when the connection is or becomes closed.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public async Task<TResponse> CallAsync<TResponse>(
        string service,
        string method,
        IMessage request,
        MessageParser<TResponse> parser,
        TimeSpan timeout,
        CancellationToken ct)
        where TResponse : IMessage<TResponse>
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(parser);
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be positive or infinite.");
        }

        var envelope = new Request { Service = service, Method = method, Payload = request.ToByteString() };
        using var call = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var startedAt = Stopwatch.GetTimestamp();
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            call.CancelAfter(timeout);
        }

        uint? streamId = null;
        try
        {
            Task<Response> reply;
            await sendLock.WaitAsync(call.Token).ConfigureAwait(false);
            try
            {
                if (timeout != Timeout.InfiniteTimeSpan)
                {
                    // The server's copy of the deadline is whatever time is left now.
                    var remaining = timeout - Stopwatch.GetElapsedTime(startedAt);
                    envelope.TimeoutNano = Math.Max(1, remaining.Ticks) * TimeSpan.NanosecondsPerTick;
                }

                streamId = TakeStreamId();
                reply = this.pending.Register(streamId.Value);
                await SendAsync(streamId.Value, envelope, call.Token).ConfigureAwait(false);
            }
            finally
            {
                sendLock.Release();
            }

            return Decode(await reply.WaitAsync(call.Token).ConfigureAwait(false), parser);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested && call.IsCancellationRequested)
        {
            throw new TtrpcException(
                TtrpcStatusCode.DeadlineExceeded, $"{service}/{method}: no response within {timeout.TotalMilliseconds} ms");
        }
        finally
        {
            if (streamId is { } id)
            {
                this.pending.Forget(id);
            }
        }
    }

    /// <summary>Fails every pending and later call with <see cref="TtrpcStatusCode.Unavailable"/>.</summary>
    /// <remarks>
    /// The send lock is deliberately left undisposed: callers queued on it must wake up and see the closed
    /// connection instead of waiting forever on a disposed semaphore.
    /// </remarks>
    public void Dispose() => this.pending.Close("the client was disposed");

    ValueTask ITtrpcFrameSink.OnMessageAsync(TtrpcFrameHeader header, ReadOnlySequence<byte> data, CancellationToken ct)
    {
        bool delivered;
        if (header.Type != TtrpcMessageType.Response)
        {
            delivered = this.pending.TryFail(
                header.StreamId,
                new TtrpcException(TtrpcStatusCode.Internal, $"unexpected ttrpc message type {header.Type} in reply"));
        }
        else
        {
            delivered = TryParse(data, out var response, out var error)
                ? this.pending.TryComplete(header.StreamId, response)
                : this.pending.TryFail(header.StreamId, new TtrpcException(TtrpcStatusCode.Internal, $"unmarshal response error: {error}"));
        }

        if (!delivered)
        {
            if (strayEndsConnection)
            {
                throw new InvalidDataException($"a message of type {header.Type} for stream {header.StreamId}, which no call awaits");
            }
            this.logger.UnexpectedResponse(header.Type, header.StreamId);
        }

        return ValueTask.CompletedTask;
    }

    ValueTask ITtrpcFrameSink.OnOversizedMessageAsync(TtrpcFrameHeader header, CancellationToken ct)
    {
        var failure = new TtrpcException(
            TtrpcStatusCode.ResourceExhausted,
            $"response of {header.Length} bytes exceeds the limit of {TtrpcFrameHeader.MaxDataLength} bytes");
        if (!this.pending.TryFail(header.StreamId, failure))
        {
            this.logger.UnexpectedResponse(header.Type, header.StreamId);
        }

        return ValueTask.CompletedTask;
    }

    private uint TakeStreamId()
    {
        if (nextStreamId >= LastStreamId)
        {
            throw new TtrpcException(TtrpcStatusCode.ResourceExhausted, "all ttrpc stream ids of this connection are used up");
        }

        var streamId = nextStreamId;
        nextStreamId += 2;
        return streamId;
    }

    private async ValueTask SendAsync(uint streamId, Request envelope, CancellationToken ct)
    {
        try
        {
            await TtrpcMessageWriter.WriteAsync(this.connection, streamId, TtrpcMessageType.Request, envelope, ct).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new TtrpcException(TtrpcStatusCode.Unavailable, $"connection closed: {e.Message}");
        }
    }

    private static TResponse Decode<TResponse>(Response response, MessageParser<TResponse> parser)
        where TResponse : IMessage<TResponse>
    {
        if (response.Status is { Code: not (int)TtrpcStatusCode.Ok } status)
        {
            throw new TtrpcException((TtrpcStatusCode)status.Code, status.Message);
        }

        try
        {
            return parser.ParseFrom(response.Payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new TtrpcException(TtrpcStatusCode.Internal, $"unmarshal response payload error: {e.Message}");
        }
    }

    private static bool TryParse(ReadOnlySequence<byte> data, out Response response, out string? error)
    {
        try
        {
            response = Response.Parser.ParseFrom(data);
            error = null;
            return true;
        }
        catch (InvalidProtocolBufferException e)
        {
            response = null!;
            error = e.Message;
            return false;
        }
    }
}
