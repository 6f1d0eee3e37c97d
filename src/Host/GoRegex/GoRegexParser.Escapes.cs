namespace HookInjector.Host.GoRegex;

/// <summary>Backslash sequences and code-point decoding.</summary>
internal sealed partial class GoRegexParser
{
    private void ParseBackslash()
    {
        switch (At(this.position + 1))
        {
            case 'A':
                this.position++;
                PushAssertion(AssertionKind.BeginText);
                return;
            case 'z':
                this.position++;
                PushAssertion(AssertionKind.EndText);
                return;
            case 'b':
                this.position++;
                PushAssertion(AssertionKind.WordBoundary);
                return;
            case 'B':
                this.position++;
                PushAssertion(AssertionKind.NoWordBoundary);
                return;
            case 'C':
                throw Error(GoRegexpErrorCode.InvalidEscape, Slice(this.position, this.position + 2));
            case 'Q':
                ParseQuoted();
                return;
            case 'p' or 'P':
                PushClass(ParseUnicodeClass(ref this.position));
                return;
        }

        if (TryParsePerlClass(ref this.position, out var perlClass))
        {
            PushClass(perlClass);
            return;
        }

        PushLiteral(ParseEscape(ref this.position));
    }

    /// <summary><c>\Q...\E</c>: literal text up to the first <c>\E</c> or the end of the pattern.</summary>
    private void ParseQuoted()
    {
        var textStart = this.position + 2;
        var terminator = this.pattern.IndexOf(@"\E", textStart, StringComparison.Ordinal);
        var textEnd = terminator < 0 ? this.pattern.Length : terminator;
        var position = textStart;
        while (position < textEnd)
        {
            PushLiteral(ReadCodePoint(ref position, textEnd));
        }

        this.position = terminator < 0 ? textEnd : terminator + 2;
    }

    /// <summary>A single-character escape at <paramref name="position"/> (which holds the backslash).</summary>
    private int ParseEscape(ref int position)
    {
        var start = position;
        if (start + 1 >= this.pattern.Length)
        {
            throw Error(GoRegexpErrorCode.TrailingBackslash, string.Empty);
        }

        var next = start + 1;
        var c = ReadCodePoint(ref next);
        int? value = c switch
        {
            < 0x80 when !char.IsAsciiLetterOrDigit((char)c) => c, // escaped punctuation is itself
            >= '1' and <= '7' when !IsOctalDigit(At(next)) => null, // a backreference: unsupported
            >= '0' and <= '7' => ParseOctal(c, ref next),
            'x' => ParseHexEscape(ref next),
            'a' => '\a',
            'f' => '\f',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\v',
            _ => null,
        };
        if (value is null)
        {
            throw Error(GoRegexpErrorCode.InvalidEscape, Slice(start, next));
        }

        position = next;
        return value.Value;
    }

    /// <summary>Up to three octal digits in total, the first already read (<c>\0</c>, <c>\12</c>, <c>\101</c>).</summary>
    private int ParseOctal(int firstDigit, ref int position)
    {
        var value = firstDigit - '0';
        for (var i = 1; i < 3 && IsOctalDigit(At(position)); i++)
        {
            value = (value * 8) + (this.pattern[position] - '0');
            position++;
        }

        return value;
    }

    /// <summary><c>\xHH</c> or <c>\x{H...}</c>; null (leaving <paramref name="position"/> after what was read) when malformed.</summary>
    private int? ParseHexEscape(ref int position)
    {
        if (position >= this.pattern.Length)
        {
            return null;
        }

        var c = ReadCodePoint(ref position);
        if (c != '{')
        {
            var high = HexValue(c);
            var low = position < this.pattern.Length ? HexValue(ReadCodePoint(ref position)) : -1;
            return high < 0 || low < 0 ? null : (high * 16) + low;
        }

        var value = 0;
        var digits = 0;
        while (true)
        {
            if (position >= this.pattern.Length)
            {
                return null;
            }

            c = ReadCodePoint(ref position);
            if (c == '}')
            {
                return digits == 0 ? null : value;
            }

            var digit = HexValue(c);
            if (digit < 0)
            {
                return null;
            }

            value = (value * 16) + digit;
            if (value > CodePointSet.MaxCodePoint)
            {
                return null;
            }

            digits++;
        }
    }

    private static bool IsOctalDigit(char? c) => c is >= '0' and <= '7';

    private static int HexValue(int c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>
    /// Reads one code point. Go reads patterns as UTF-8 and rejects invalid bytes; the .NET
    /// counterpart of an invalid sequence is a lone surrogate, which is rejected the same way.
    /// </summary>
    private int ReadCodePoint(ref int position, int? expressionEnd = null)
    {
        var c = this.pattern[position];
        if (!char.IsSurrogate(c))
        {
            position++;
            return c;
        }

        if (char.IsHighSurrogate(c) && position + 1 < this.pattern.Length && char.IsLowSurrogate(this.pattern[position + 1]))
        {
            position += 2;
            return char.ConvertToUtf32(c, this.pattern[position - 1]);
        }

        throw Error(GoRegexpErrorCode.InvalidUtf8, Slice(position, expressionEnd ?? this.pattern.Length));
    }

    private void CheckUtf16(int start, int end)
    {
        for (var position = start; position < end;)
        {
            ReadCodePoint(ref position, end);
        }
    }
}
