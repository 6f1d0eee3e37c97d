using HookInjector.Host.GoRegex;

namespace HookInjector.Host.OciHooks.Matching;

/// <summary>One <c>when.annotations</c> entry of a hook file, a key pattern and a value pattern: satisfied by an annotation whose key and value both match.</summary>
internal sealed record AnnotationPatternPair(GoRegexp Key, GoRegexp Value)
{
    /// <summary>
    /// Annotation keys are unique, so a key pattern that matches only whole literals (<c>^key$</c>)
    /// is answered by looking those keys up rather than by searching every annotation.
    /// </summary>
    public bool IsSatisfiedBy(HookMatchInput input, ref SearchBudget budget, ref GoRegexp? abandoned)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Key.WholeInputLiterals is { } keys)
        {
            // Indexed rather than foreach: enumerating the interface would allocate on every container.
            for (var i = 0; i < keys.Count; i++)
            {
                if (input.TryGetAnnotation(keys[i], out var value) && PatternSearch.IsMatch(Value, value, ref budget, ref abandoned))
                {
                    return true;
                }
            }
            return false;
        }

        foreach (var annotation in input.AnnotationPairs)
        {
            if (PatternSearch.IsMatch(Key, annotation.Key, ref budget, ref abandoned) && PatternSearch.IsMatch(Value, annotation.Value, ref budget, ref abandoned))
            {
                return true;
            }
        }
        return false;
    }
}
