namespace HookInjector.Host.GoRegex;

/// <summary>
/// Go's Perl (<c>\d \s \w</c>) and POSIX (<c>[:alpha:]</c>) classes. All are ASCII-only in Go,
/// unlike .NET's Unicode-aware <c>\d \s \w</c>; Go's <c>\s</c> is <c>[\t\n\f\r ]</c> (no <c>\v</c>).
/// </summary>
internal static class GoCharGroups
{
    private static readonly CodePointSet Digits = Ranges(('0', '9'));
    private static readonly CodePointSet Spaces = Ranges(('\t', '\n'), ('\f', '\r'), (' ', ' '));
    private static readonly CodePointSet WordChars = Ranges(('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z'));

    private static readonly Dictionary<char, CodePointSet> PerlClasses = new()
    {
        ['d'] = Digits,
        ['s'] = Spaces,
        ['w'] = WordChars,
    };

    private static readonly Dictionary<string, CodePointSet> PosixClasses = new(StringComparer.Ordinal)
    {
        ["alnum"] = Ranges(('0', '9'), ('A', 'Z'), ('a', 'z')),
        ["alpha"] = Ranges(('A', 'Z'), ('a', 'z')),
        ["ascii"] = Ranges(('\0', '\x7f')),
        ["blank"] = Ranges(('\t', '\t'), (' ', ' ')),
        ["cntrl"] = Ranges(('\0', '\x1f'), ('\x7f', '\x7f')),
        ["digit"] = Digits,
        ["graph"] = Ranges(('!', '~')),
        ["lower"] = Ranges(('a', 'z')),
        ["print"] = Ranges((' ', '~')),
        ["punct"] = Ranges(('!', '/'), (':', '@'), ('[', '`'), ('{', '~')),
        ["space"] = Ranges(('\t', '\r'), (' ', ' ')),
        ["upper"] = Ranges(('A', 'Z')),
        ["word"] = WordChars,
        ["xdigit"] = Ranges(('0', '9'), ('A', 'F'), ('a', 'f')),
    };

    /// <summary>Go's word characters <c>[0-9A-Za-z_]</c>, which decide <c>\b</c> and <c>\B</c>.</summary>
    public static CodePointSet WordCharacters => WordChars;

    /// <summary>Looks up <c>d s w</c> (positive) or <c>D S W</c> (negated) after a backslash.</summary>
    public static bool TryGetPerlClass(char letter, out CodePointSet set, out bool negated)
    {
        negated = char.IsAsciiLetterUpper(letter);
        return PerlClasses.TryGetValue(char.ToLowerInvariant(letter), out set!);
    }

    /// <summary>Looks up a POSIX class by its full bracket text such as <c>[:alpha:]</c> or <c>[:^alpha:]</c>.</summary>
    public static bool TryGetPosixClass(string bracketName, out CodePointSet set, out bool negated)
    {
        var name = bracketName[2..^2];
        negated = name.StartsWith('^');
        return PosixClasses.TryGetValue(negated ? name[1..] : name, out set!);
    }

    private static CodePointSet Ranges(params (char Low, char High)[] ranges) =>
        CodePointSet.FromRanges(ranges.Select(static r => new CodePointRange(r.Low, r.High)));
}
