using HookInjector.Host.GoRegex;

namespace HookInjector.Host.OciHooks.Matching;

/// <summary>
/// One search of a hook pattern on the CreateContainer path, within the container's matching
/// budget. A search abandoned because the budget ran out counts as no match, as if the hook did
/// not apply, and is remembered so that the caller can report the pattern.
/// </summary>
internal static class PatternSearch
{
    public static bool IsMatch(GoRegexp pattern, string input, ref SearchBudget budget, ref GoRegexp? abandoned)
    {
        switch (pattern.Match(input, ref budget))
        {
            case GoMatchResult.Match:
                return true;
            case GoMatchResult.Abandoned:
                abandoned ??= pattern;
                return false;
            default:
                return false;
        }
    }
}
