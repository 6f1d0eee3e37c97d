using System.Collections.Immutable;

namespace HookInjector.Host.Rules.Yaml.Matching;

/// <summary>A bracket expression of a glob: character ranges, possibly negated.</summary>
internal sealed class CharacterClass(ImmutableArray<(char First, char Last)> ranges, bool negated)
{
    public bool Contains(char character)
    {
        foreach (var (first, last) in ranges)
        {
            if (character >= first && character <= last)
            {
                return !negated;
            }
        }
        return negated;
    }
}
