using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Extensions;

internal static partial class ExtensionLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded extension {Extension}: {Matchers} matchers, {Mutators} mutators")]
    public static partial void Loaded(ILogger logger, string extension, int matchers, int mutators);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unloaded extension {Extension}")]
    public static partial void Unloaded(ILogger logger, string extension);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Extension problem: {Problem}")]
    public static partial void Problem(ILogger logger, string problem);
}
