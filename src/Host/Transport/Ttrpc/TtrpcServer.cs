using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Frozen;
using Google.Protobuf;
using HookInjector.Host.Transport.Multiplex;
using HookInjector.Host.Transport.Ttrpc.Wire;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Transport.Ttrpc;

/// <summary>
/// Serves unary ttrpc calls on one logical connection with the rules of the Go ttrpc server: calls run
/// concurrently, replies go out whole and in completion order, and a bad message only fails its own stream.
/// </summary>
internal sealed class TtrpcServer : ITtrpcFrameSink
{
    /// <summary>Calls one connection may have running (handler or reply still being sent) before more are refused.</summary>
    /// <remarks>
    /// A runtime calls its plugins under one lock (pkg/adaptation), so a well-behaved peer has one call in flight;
    /// more only pile up when calls it abandoned at its request timeout are still finishing here, and 32 leaves ample
    /// room for those. The cap matters for a peer that pipelines without waiting: it bounds the threads and memory
    /// that peer can pin. Per connection that is the inbound pipe (16 MiB, see LogicalConnection) plus, for each call,
    /// its request, the decoded request and the reply, each under the 4 MiB message limit (CreateContainer is a few
    /// KiB in practice), where before 400 pipelined 1 MiB requests took half a gigabyte and 83 threads.
    /// </remarks>
    public const int MaxInFlightRequests = 32;

    // Beyond this CancelAfter throws; such a deadline is indistinguishable from none for an NRI call.
    private static readonly TimeSpan LongestTimeout = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly ILogicalConnection connection;
    private readonly TtrpcServiceTable services;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<uint, Task> inFlight = new();
    private readonly bool serveInline;
    private CancellationToken connectionClosing;
    private uint lastStreamId;
    private int running;

    /// <param name="serveInline">
    /// Run each handler on the reading loop instead of the thread pool: for a peer that sends one request and waits
    /// for its reply (the daemon to its worker), where nothing else could be read meanwhile and the hop to the pool
    /// would only add a thread wake-up to every call. A handler that blocks then stops reading altogether.
    /// </param>
    public TtrpcServer(ILogicalConnection conn, TtrpcServiceTable services, ILogger<TtrpcServer> logger, bool serveInline = false)
    {
        ArgumentNullException.ThrowIfNull(conn);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(logger);
        this.connection = conn;
        this.services = services;
        this.logger = logger;
        this.serveInline = serveInline;
        services.Freeze();
    }

    /// <summary>
    /// Serves until the connection's input completes, then cancels the calls still running and waits for them.
    /// Throws <see cref="OperationCanceledException"/> only when <paramref name="ct"/> stops it.
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref this.running, 1) != 0)
        {
            throw new InvalidOperationException("The server is already running.");
        }

        using var closing = CancellationTokenSource.CreateLinkedTokenSource(ct);
        connectionClosing = closing.Token;
        try
        {
            var unread = await TtrpcFrameReader.ReadAllAsync(this.connection.Input, this, ct).ConfigureAwait(false);
            this.logger.InputEnded(unread == 0 ? "end of stream" : $"end of stream inside a message, {unread} bytes unread");
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            this.logger.InputEnded(e.Message);
        }
        finally
        {
            // The peer can no longer be answered, so the running handlers' work is wasted.
            await closing.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(inFlight.Values).ConfigureAwait(false);
            await this.connection.Input.CompleteAsync().ConfigureAwait(false);
        }
    }

    ValueTask ITtrpcFrameSink.OnMessageAsync(TtrpcFrameHeader header, ReadOnlySequence<byte> data, CancellationToken ct)
    {
        if (header.StreamId % 2 == 0)
        {
            return RejectAsync(header.StreamId, TtrpcStatusCode.InvalidArgument, "StreamID must be odd for client initiated streams");
        }

        switch (header.Type)
        {
            case TtrpcMessageType.Request:
                return AcceptRequestAsync(header.StreamId, data);
            case TtrpcMessageType.Data:
                // No method is streaming, so no stream is ever open for data.
                return RejectAsync(header.StreamId, TtrpcStatusCode.InvalidArgument, "StreamID is no longer active");
            default:
                this.logger.IgnoredMessageType(header.Type, header.StreamId);
                return ValueTask.CompletedTask;
        }
    }

    ValueTask ITtrpcFrameSink.OnOversizedMessageAsync(TtrpcFrameHeader header, CancellationToken ct) =>
        RejectAsync(
            header.StreamId,
            TtrpcStatusCode.ResourceExhausted,
            $"message length {header.Length} exceeds maximum message size of {TtrpcFrameHeader.MaxDataLength}");

    private ValueTask AcceptRequestAsync(uint streamId, ReadOnlySequence<byte> data)
    {
        if (streamId <= lastStreamId)
        {
            return RejectAsync(streamId, TtrpcStatusCode.InvalidArgument, "StreamID cannot be re-used and must increment");
        }

        lastStreamId = streamId;
        if (inFlight.Count >= MaxInFlightRequests)
        {
            // Refused before decoding, so the request's bytes are released with the input buffer, never copied.
            return RejectAsync(
                streamId,
                TtrpcStatusCode.ResourceExhausted,
                $"too many requests in flight: this connection serves at most {MaxInFlightRequests} at a time");
        }

        Request request;
        try
        {
            request = Request.Parser.ParseFrom(data);
        }
        catch (InvalidProtocolBufferException e)
        {
            return RejectAsync(streamId, TtrpcStatusCode.InvalidArgument, $"unmarshal request error: {e.Message}");
        }

        if (this.serveInline)
        {
            return new ValueTask(ServeAsync(streamId, request));
        }

        // On the thread pool so that a handler that blocks cannot stall reading of the next request.
        var call = Task.Run(() => ServeAsync(streamId, request));
        inFlight[streamId] = call;
        call.ContinueWith(
            _ => inFlight.TryRemove(streamId, out var _),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return ValueTask.CompletedTask;
    }

    private async Task ServeAsync(uint streamId, Request request)
    {
        using var call = CancellationTokenSource.CreateLinkedTokenSource(connectionClosing);
        if (request.TimeoutNano != 0)
        {
            var timeout = TimeSpan.FromTicks(Math.Max(0, request.TimeoutNano / TimeSpan.NanosecondsPerTick));
            if (timeout < LongestTimeout)
            {
                call.CancelAfter(timeout);
            }
        }

        Response response;
        try
        {
            var handler = this.services.Resolve(request.Service, request.Method);
            var reply = await handler(request.Payload, call.Token).ConfigureAwait(false);
            response = new Response { Payload = reply.ToByteString() };
        }
        catch (TtrpcException e)
        {
            this.logger.CallFailed(request.Service, request.Method, e.Code, e.Message);
            response = Failure(e.Code, e.Message);
        }
        catch (OperationCanceledException) when (call.IsCancellationRequested && !connectionClosing.IsCancellationRequested)
        {
            response = Failure(TtrpcStatusCode.DeadlineExceeded, "context deadline exceeded");
        }
        catch (OperationCanceledException)
        {
            response = Failure(TtrpcStatusCode.Cancelled, "context canceled");
        }
        catch (Exception e)
        {
            this.logger.HandlerFailed(request.Service, request.Method, e);
            response = Failure(TtrpcStatusCode.Unknown, e.Message);
        }

        await SendAsync(streamId, response).ConfigureAwait(false);
    }

    private ValueTask RejectAsync(uint streamId, TtrpcStatusCode code, string message)
    {
        this.logger.RejectedMessage(streamId, message);
        return SendAsync(streamId, Failure(code, message));
    }

    private async ValueTask SendAsync(uint streamId, Response response)
    {
        try
        {
            await TtrpcMessageWriter.WriteAsync(this.connection, streamId, TtrpcMessageType.Response, response, connectionClosing)
                .ConfigureAwait(false);
        }
        catch (TtrpcException tooLarge)
        {
            this.logger.RejectedMessage(streamId, tooLarge.Message);
            await SendAsync(streamId, Failure(tooLarge.Code, tooLarge.Message)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            this.logger.ResponseNotSent(streamId, e.Message);
        }
    }

    private static Response Failure(TtrpcStatusCode code, string message) =>
        new() { Status = new Status { Code = (int)code, Message = message } };
}

/// <summary>Handlers by (service, method); filled once, then frozen by the first server that uses it.</summary>
internal sealed class TtrpcServiceTable
{
    private readonly Dictionary<string, Dictionary<string, TtrpcMethod>> building = new(StringComparer.Ordinal);
    private FrozenDictionary<string, FrozenDictionary<string, TtrpcMethod>>? frozen;

    public TtrpcServiceTable Add(string service, string method, TtrpcMethod handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(handler);
        lock (building)
        {
            if (this.frozen is not null)
            {
                throw new InvalidOperationException("The service table is in use by a server and can no longer change.");
            }

            if (!building.TryGetValue(service, out var methods))
            {
                methods = new Dictionary<string, TtrpcMethod>(StringComparer.Ordinal);
                building.Add(service, methods);
            }

            if (!methods.TryAdd(method, handler))
            {
                throw new ArgumentException($"{service}/{method} is already registered.", nameof(method));
            }
        }

        return this;
    }

    /// <exception cref="TtrpcException">Unimplemented, worded like the Go ttrpc server.</exception>
    public TtrpcMethod Resolve(string service, string method)
    {
        var services = Volatile.Read(ref this.frozen) ?? Freeze();
        if (!services.TryGetValue(service, out var methods))
        {
            throw new TtrpcException(TtrpcStatusCode.Unimplemented, $"service {service}");
        }

        return methods.TryGetValue(method, out var handler)
            ? handler
            : throw new TtrpcException(TtrpcStatusCode.Unimplemented, $"method {method}");
    }

    internal FrozenDictionary<string, FrozenDictionary<string, TtrpcMethod>> Freeze()
    {
        lock (building)
        {
            return this.frozen ??= building.ToFrozenDictionary(
                service => service.Key,
                service => service.Value.ToFrozenDictionary(StringComparer.Ordinal),
                StringComparer.Ordinal);
        }
    }
}
