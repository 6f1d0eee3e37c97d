using System.Diagnostics.CodeAnalysis;
using HookInjector.Host.GoRegex;

namespace HookInjector.Host.OciHooks.Validation;

/// <summary>
/// Compiles the patterns of one load of hooks.d, each distinct pattern text once: hook files repeat
/// the same values (<c>^true$</c>) and commands, and a <see cref="GoRegexp"/> is thread-safe, so the
/// hooks share it (and its automaton's cache). Not thread-safe itself; one load uses one cache.
/// </summary>
internal sealed class HookPatternCache
{
    private readonly Dictionary<string, GoRegexp> compiled = new(StringComparer.Ordinal);

    public bool TryCompile(string pattern, [NotNullWhen(true)] out GoRegexp? regexp, [NotNullWhen(false)] out string? error)
    {
        if (compiled.TryGetValue(pattern, out regexp))
        {
            error = null;
            return true;
        }
        if (!GoRegexp.TryCompile(pattern, out regexp, out error))
        {
            return false;
        }
        compiled.Add(pattern, regexp);
        return true;
    }
}
