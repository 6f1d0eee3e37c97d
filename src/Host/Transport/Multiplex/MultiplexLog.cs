using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Transport.Multiplex;

internal static partial class MultiplexLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Discarding a {Length}-byte frame for connection {ConnectionId}, which is not open locally")]
    public static partial void DiscardingFrame(this ILogger logger, uint connectionId, uint length);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Connection {ConnectionId} stopped reading; discarding its further input")]
    public static partial void ConnectionStoppedReading(this ILogger logger, uint connectionId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Trunk closed by the peer")]
    public static partial void TrunkEnded(this ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trunk failed")]
    public static partial void TrunkFailed(this ILogger logger, Exception exception);
}
