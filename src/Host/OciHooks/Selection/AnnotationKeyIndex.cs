using System.Collections.Frozen;
using System.Numerics;

namespace HookInjector.Host.OciHooks.Selection;

/// <summary>
/// Which hooks of a catalog can match a container at all, decided from its annotation keys. An
/// all-of (1.0.0) hook with an annotation condition whose key pattern matches only whole literals
/// (<c>^example\.com/gpu$</c>) fails unless the container has one of those keys, and Go's matcher
/// returns at that failed condition before it ever looks at <c>commands</c>, so skipping the hook
/// cannot change the result, not even Go's "process.args must have at least one entry". Every other
/// hook is always a candidate. Candidates are marked in a caller-provided bit set, so finding them
/// takes no lock and no allocation.
/// </summary>
internal sealed class AnnotationKeyIndex
{
    private readonly ulong[] alwaysCandidates;
    private readonly FrozenDictionary<string, int[]> hooksByRequiredKey;

    public AnnotationKeyIndex(IReadOnlyList<HookDefinition> hooks)
    {
        ArgumentNullException.ThrowIfNull(hooks);
        alwaysCandidates = new ulong[WordsFor(hooks.Count)];
        var byKey = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var index = 0; index < hooks.Count; index++)
        {
            if (RequiredKeys(hooks[index]) is { } keys)
            {
                foreach (var key in keys)
                {
                    if (!byKey.TryGetValue(key, out var indices))
                    {
                        byKey.Add(key, indices = []);
                    }
                    indices.Add(index);
                }
            }
            else
            {
                alwaysCandidates[index >> 6] |= 1UL << index;
            }
        }
        hooksByRequiredKey = byKey.ToFrozenDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>How many 64-bit words a candidate set for <paramref name="hookCount"/> hooks needs.</summary>
    public static int WordsFor(int hookCount) => (hookCount + 63) >> 6;

    /// <summary>Marks in <paramref name="candidates"/> (<see cref="WordsFor"/> words) every hook that can match the annotations.</summary>
    public void MarkCandidates(KeyValuePair<string, string>[] annotations, Span<ulong> candidates)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        alwaysCandidates.CopyTo(candidates);
        if (hooksByRequiredKey.Count == 0)
        {
            return;
        }
        foreach (var annotation in annotations)
        {
            if (hooksByRequiredKey.TryGetValue(annotation.Key, out var indices))
            {
                foreach (var index in indices)
                {
                    candidates[index >> 6] |= 1UL << index;
                }
            }
        }
    }

    /// <summary>The next marked hook at or after <paramref name="start"/>, or -1.</summary>
    public static int NextCandidate(ReadOnlySpan<ulong> candidates, int start)
    {
        var word = start >> 6;
        if (word >= candidates.Length)
        {
            return -1;
        }
        var bits = candidates[word] & (ulong.MaxValue << start);
        while (bits == 0)
        {
            if (++word == candidates.Length)
            {
                return -1;
            }
            bits = candidates[word];
        }
        return (word << 6) + BitOperations.TrailingZeroCount(bits);
    }

    private static IReadOnlyList<string>? RequiredKeys(HookDefinition hook)
    {
        if (hook.When.AnyOf)
        {
            return null;
        }
        foreach (var annotation in hook.When.Annotations)
        {
            if (annotation.Key.WholeInputLiterals is { } keys)
            {
                return keys;
            }
        }
        return null;
    }
}
