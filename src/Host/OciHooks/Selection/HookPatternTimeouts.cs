using System.Collections.Concurrent;
using HookInjector.Host.GoRegex;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.OciHooks.Selection;

/// <summary>
/// Counts hook pattern searches that ran out of their time bound and warns once per hook file and
/// pattern, so that a pod that keeps feeding a slow pattern a long annotation cannot flood the log.
/// Only the rare timed-out path touches shared state.
/// </summary>
internal sealed partial class HookPatternTimeouts
{
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<(string HookFile, string Pattern), bool> reported = new();
    private long count;

    public HookPatternTimeouts(ILogger logger) => this.logger = logger;

    /// <summary>How many searches have timed out since start-up.</summary>
    public long Count => Interlocked.Read(ref count);

    public void Report(HookDefinition hook, GoRegexp pattern)
    {
        ArgumentNullException.ThrowIfNull(hook);
        ArgumentNullException.ThrowIfNull(pattern);
        var total = Interlocked.Increment(ref count);
        if (reported.TryAdd((hook.SourcePath, pattern.Pattern), true))
        {
            LogTimedOut(hook.SourcePath, pattern.Pattern, total);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Hook file {HookFile}: matching pattern {Pattern} took too long and counts as not matching (reported once per file and pattern; {TimeoutCount} timeouts so far)")]
    private partial void LogTimedOut(string hookFile, string pattern, long timeoutCount);
}
