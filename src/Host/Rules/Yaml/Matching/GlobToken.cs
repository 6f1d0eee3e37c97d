namespace HookInjector.Host.Rules.Yaml.Matching;

/// <summary>One compiled element of a glob: a literal run, '?', '*', or a character class.</summary>
internal readonly record struct GlobToken(GlobTokenKind Kind, string Literal, CharacterClass? Class)
{
    public static readonly GlobToken Star = new(GlobTokenKind.Star, "", null);
    public static readonly GlobToken AnyCharacter = new(GlobTokenKind.AnyCharacter, "", null);

    public static GlobToken ForLiteral(string literal) => new(GlobTokenKind.Literal, literal, null);

    public static GlobToken ForClass(CharacterClass characterClass) => new(GlobTokenKind.Class, "", characterClass);
}
