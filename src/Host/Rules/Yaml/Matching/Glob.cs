using System.Collections.Immutable;

namespace HookInjector.Host.Rules.Yaml.Matching;

/// <summary>
/// A compiled shell-style pattern matched against a whole string: <c>*</c> any run of characters,
/// <c>?</c> one character, <c>[a-z]</c> / <c>[!a-z]</c> / <c>[^a-z]</c> a class, <c>\</c> escapes
/// the next character. Matching backtracks only to the last star, so it runs in
/// O(pattern × text) at worst and allocates nothing.
/// </summary>
internal sealed class Glob
{
    private readonly ImmutableArray<GlobToken> tokens;

    private Glob(string pattern, ImmutableArray<GlobToken> tokens)
    {
        Pattern = pattern;
        this.tokens = tokens;
    }

    public string Pattern { get; }

    /// <summary>True when the pattern has no wildcard, so it matches exactly one string: <see cref="Literal"/>.</summary>
    public bool IsLiteral => tokens.Length == 0 || (tokens.Length == 1 && tokens[0].Kind == GlobTokenKind.Literal);

    /// <summary>The only string a literal pattern matches (escapes removed).</summary>
    public string Literal => tokens.Length == 0 ? "" : tokens[0].Literal;

    /// <summary>Compiles a pattern.</summary>
    /// <exception cref="FormatException">The pattern is malformed; the message says why.</exception>
    public static Glob Parse(string pattern) => new(pattern, GlobParser.Tokenize(pattern));

    public bool IsMatch(ReadOnlySpan<char> text)
    {
        var tokenIndex = 0;
        var textIndex = 0;
        var resumeToken = -1;
        var resumeText = 0;
        while (true)
        {
            if (tokenIndex < tokens.Length)
            {
                var token = tokens[tokenIndex];
                if (token.Kind == GlobTokenKind.Star)
                {
                    resumeToken = ++tokenIndex;
                    resumeText = textIndex;
                    continue;
                }
                if (Consumes(token, text[textIndex..], out var length))
                {
                    tokenIndex++;
                    textIndex += length;
                    continue;
                }
            }
            else if (textIndex == text.Length)
            {
                return true;
            }
            // Mismatch: let the last star swallow one more character and retry what followed it.
            if (resumeToken < 0 || resumeText >= text.Length)
            {
                return false;
            }
            tokenIndex = resumeToken;
            textIndex = ++resumeText;
        }
    }

    private static bool Consumes(GlobToken token, ReadOnlySpan<char> rest, out int length)
    {
        length = token.Kind == GlobTokenKind.Literal ? token.Literal.Length : 1;
        return token.Kind switch
        {
            GlobTokenKind.Literal => rest.StartsWith(token.Literal, StringComparison.Ordinal),
            GlobTokenKind.AnyCharacter => !rest.IsEmpty,
            _ => !rest.IsEmpty && token.Class!.Contains(rest[0]),
        };
    }

    public override string ToString() => Pattern;
}
