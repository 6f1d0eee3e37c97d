namespace HookInjector.Host.GoRegex;

/// <summary>The inline flags Go supports: <c>i m s U</c>. Go's defaults are all off.</summary>
[Flags]
internal enum GoParseFlags
{
    None = 0,
    CaseInsensitive = 1,
    MultiLine = 2,
    DotMatchesNewline = 4,

    /// <summary>Parsed and tracked because Go accepts it; it cannot change whether a pattern matches.</summary>
    Ungreedy = 8,
}
