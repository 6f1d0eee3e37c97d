using HookInjector.Host.GoRegex;

namespace HookInjector.Host.OciHooks.Matching;

/// <summary>One <c>when.annotations</c> pair: satisfied by an annotation whose key and value both match.</summary>
internal sealed record AnnotationCondition(GoRegexp Key, GoRegexp Value)
{
    public bool IsSatisfiedBy(KeyValuePair<string, string>[] annotations)
    {
        foreach (var annotation in annotations)
        {
            if (Key.IsMatch(annotation.Key) && Value.IsMatch(annotation.Value))
            {
                return true;
            }
        }
        return false;
    }
}
