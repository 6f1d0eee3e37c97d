using System.Diagnostics.CodeAnalysis;
using HookInjector.Host.GoRegex;

namespace HookInjector.Host.OciHooks.Validation;

/// <summary>
/// Compiles the patterns of one load of hooks.d, each distinct pattern text once: hook files repeat
/// the same values (<c>^true$</c>) and commands, and a <see cref="GoRegexp"/> is immutable and
/// thread-safe, so the hooks share it. Not thread-safe itself; one load uses one cache.
/// </summary>
internal sealed class HookPatternCache
{
    /// <summary>
    /// The bound on one search by the regex engine. Hook patterns run inline on CreateContainer, and
    /// the runtime drops a plugin that does not answer within its request timeout (2 s by default).
    /// An ordinary pattern needs well under a microsecond, so 100 ms is never reached by accident;
    /// only a pattern with a huge automaton fed a long annotation gets there, and then more than ten
    /// such searches still fit in one request. A timed-out search counts as no match.
    /// </summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    private readonly Dictionary<string, GoRegexp> compiled = new(StringComparer.Ordinal);

    public bool TryCompile(string pattern, [NotNullWhen(true)] out GoRegexp? regexp, [NotNullWhen(false)] out string? error)
    {
        if (compiled.TryGetValue(pattern, out regexp))
        {
            error = null;
            return true;
        }
        if (!GoRegexp.TryCompile(pattern, MatchTimeout, out regexp, out error))
        {
            return false;
        }
        compiled.Add(pattern, regexp);
        return true;
    }
}
