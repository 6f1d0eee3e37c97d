namespace HookInjector.Host.Yaml;

/// <summary>Finds the allowed key an unknown key was probably meant to be, to turn a typo into a one-glance fix.</summary>
internal static class KeyHint
{
    private const int MaxDistance = 2;

    public static string? Suggest(string unknown, IReadOnlyList<string> allowed) => allowed
        .Select(key => (Key: key, Distance: string.Equals(key, unknown, StringComparison.OrdinalIgnoreCase) ? 0 : Distance(key, unknown)))
        .Where(candidate => candidate.Distance <= MaxDistance)
        .OrderBy(candidate => candidate.Distance)
        .Select(candidate => candidate.Key)
        .FirstOrDefault();

    // Levenshtein distance, two rows; keys are short.
    private static int Distance(string left, string right)
    {
        var previous = new int[right.Length + 1];
        var current = new int[right.Length + 1];
        for (var j = 0; j <= right.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= left.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= right.Length; j++)
            {
                var substitution = previous[j - 1] + (left[i - 1] == right[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[right.Length];
    }
}
