using System.Collections.Frozen;
using System.Collections.Immutable;

namespace HookInjector.Host.Rules.Yaml.Matching;

/// <summary>
/// A list of names and globs of which any may match. Plain names go into a frozen set so the
/// common case is one hash lookup; only real globs are tried one by one.
/// </summary>
internal sealed class NamePatternSet
{
    private readonly FrozenSet<string> names;
    private readonly ImmutableArray<Glob> globs;

    public NamePatternSet(IEnumerable<Glob> patterns)
    {
        Patterns = [.. patterns];
        names = Patterns.Where(glob => glob.IsLiteral).Select(glob => glob.Literal).ToFrozenSet(StringComparer.Ordinal);
        globs = [.. Patterns.Where(glob => !glob.IsLiteral)];
    }

    /// <summary>The patterns as written, in order.</summary>
    public ImmutableArray<Glob> Patterns { get; }

    public bool IsMatch(string value)
    {
        if (names.Contains(value))
        {
            return true;
        }
        foreach (var glob in globs)
        {
            if (glob.IsMatch(value))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The first pattern that matches, for explanations; null when none does.</summary>
    public Glob? FirstMatch(string value) => Patterns.FirstOrDefault(glob => glob.IsMatch(value));

    public override string ToString() => $"[{string.Join(", ", Patterns.Select(glob => Quote(glob.Pattern)))}]";

    internal static string Quote(string text) => $"\"{text}\"";
}
