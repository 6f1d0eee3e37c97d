using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Transport.Ttrpc;

internal static partial class TtrpcLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "ttrpc handler for {Service}/{Method} failed")]
    public static partial void HandlerFailed(this ILogger logger, string service, string method, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "ttrpc call {Service}/{Method} answered with {Code}: {Reason}")]
    public static partial void CallFailed(this ILogger logger, string service, string method, TtrpcStatusCode code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected ttrpc message on stream {StreamId}: {Reason}")]
    public static partial void RejectedMessage(this ILogger logger, uint streamId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignoring ttrpc message of unknown type {Type} on stream {StreamId}")]
    public static partial void IgnoredMessageType(this ILogger logger, TtrpcMessageType type, uint streamId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not send the ttrpc response for stream {StreamId}: {Reason}")]
    public static partial void ResponseNotSent(this ILogger logger, uint streamId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropping ttrpc {Type} on stream {StreamId}: no call is waiting for it")]
    public static partial void UnexpectedResponse(this ILogger logger, TtrpcMessageType type, uint streamId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "ttrpc connection input ended ({Reason})")]
    public static partial void InputEnded(this ILogger logger, string reason);
}
