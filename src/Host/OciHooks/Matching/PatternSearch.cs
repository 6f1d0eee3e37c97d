using HookInjector.Host.GoRegex;

namespace HookInjector.Host.OciHooks.Matching;

/// <summary>
/// One search of a hook pattern on the CreateContainer path. A search that runs out of its time
/// bound counts as no match, as if the hook did not apply, and is remembered so that the caller can
/// report the pattern.
/// </summary>
internal static class PatternSearch
{
    public static bool IsMatch(GoRegexp pattern, string input, ref GoRegexp? timedOut)
    {
        switch (pattern.Match(input))
        {
            case GoMatchResult.Match:
                return true;
            case GoMatchResult.TimedOut:
                timedOut ??= pattern;
                return false;
            default:
                return false;
        }
    }
}
