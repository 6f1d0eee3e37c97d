namespace HookInjector.Host.Rules.Yaml.Matching;

/// <summary>The kinds of <see cref="GlobToken"/>.</summary>
internal enum GlobTokenKind
{
    Literal,
    AnyCharacter,
    Star,
    Class,
}
