using System.Collections.Immutable;
using System.Text;

namespace HookInjector.Host.Rules.Yaml.Matching;

/// <summary>Turns glob text into tokens, merging adjacent literal characters and repeated stars.</summary>
internal static class GlobParser
{
    public static ImmutableArray<GlobToken> Tokenize(string pattern)
    {
        var tokens = ImmutableArray.CreateBuilder<GlobToken>();
        var literal = new StringBuilder();
        var index = 0;
        while (index < pattern.Length)
        {
            var character = pattern[index++];
            switch (character)
            {
                case '\\':
                    if (index == pattern.Length)
                    {
                        throw new FormatException("a trailing backslash escapes nothing");
                    }
                    literal.Append(pattern[index++]);
                    break;
                case '*' or '?' or '[':
                    FlushLiteral(tokens, literal);
                    if (character == '[')
                    {
                        tokens.Add(GlobToken.ForClass(ParseClass(pattern, ref index)));
                    }
                    else if (character == '?')
                    {
                        tokens.Add(GlobToken.AnyCharacter);
                    }
                    else if (tokens.Count == 0 || tokens[^1].Kind != GlobTokenKind.Star)
                    {
                        tokens.Add(GlobToken.Star);
                    }
                    break;
                default:
                    literal.Append(character);
                    break;
            }
        }
        FlushLiteral(tokens, literal);
        return tokens.ToImmutable();
    }

    private static void FlushLiteral(ImmutableArray<GlobToken>.Builder tokens, StringBuilder literal)
    {
        if (literal.Length > 0)
        {
            tokens.Add(GlobToken.ForLiteral(literal.ToString()));
            literal.Clear();
        }
    }

    // Called just after '['; leaves index after the closing ']'.
    private static CharacterClass ParseClass(string pattern, ref int index)
    {
        var negated = index < pattern.Length && pattern[index] is '!' or '^';
        if (negated)
        {
            index++;
        }
        var ranges = ImmutableArray.CreateBuilder<(char, char)>();
        while (true)
        {
            if (index == pattern.Length)
            {
                throw new FormatException("a character class '[' is not closed by ']'");
            }
            if (pattern[index] == ']')
            {
                index++;
                return ranges.Count == 0
                    ? throw new FormatException("a character class '[]' is empty")
                    : new CharacterClass(ranges.ToImmutable(), negated);
            }
            var first = ReadClassCharacter(pattern, ref index);
            var last = first;
            if (index + 1 < pattern.Length && pattern[index] == '-' && pattern[index + 1] != ']')
            {
                index++;
                last = ReadClassCharacter(pattern, ref index);
                if (last < first)
                {
                    throw new FormatException($"the range '{first}-{last}' is reversed");
                }
            }
            ranges.Add((first, last));
        }
    }

    private static char ReadClassCharacter(string pattern, ref int index)
    {
        var character = pattern[index++];
        if (character != '\\')
        {
            return character;
        }
        return index < pattern.Length
            ? pattern[index++]
            : throw new FormatException("a trailing backslash escapes nothing");
    }
}
