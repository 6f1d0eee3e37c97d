namespace HookInjector.Host.OciHooks.Formats.Json;

/// <summary>
/// Checks JSON syntax byte by byte the way Go's encoding/json scanner does, to report syntax errors
/// in Go's words ("invalid character 'x' after object key", "unexpected end of JSON input").
/// Like Go, it looks at bytes, not characters, and does not check UTF-8.
/// </summary>
internal static class GoJsonSyntax
{
    private const int MaxNestingDepth = 10000;

    private enum State
    {
        BeginValue,
        BeginValueOrEmpty,
        BeginKeyOrEmpty,
        BeginKey,
        EndValue,
        EndTop,
        InString,
        InStringEscape,
        InUnicodeEscape,
        Negative,
        Zero,
        Integer,
        Dot,
        Fraction,
        Exponent,
        ExponentSign,
        ExponentDigits,
        Literal,
    }

    private enum Container : byte
    {
        ObjectKey,
        ObjectValue,
        Array,
    }

    /// <summary>Go's error message for the first syntax error, or null when the text is valid JSON.</summary>
    public static string? FindError(ReadOnlySpan<byte> json)
    {
        var scanner = new Scanner();
        foreach (var c in json)
        {
            if (scanner.Step(c) is { } error)
            {
                return error;
            }
        }
        return scanner.End();
    }

    private sealed class Scanner
    {
        private readonly Stack<Container> containers = new();
        private State state = State.BeginValue;
        private int unicodeDigits;
        private string literal = "";
        private int literalIndex;

        public string? End()
        {
            if (state == State.EndTop)
            {
                return null;
            }
            // A top-level number ends only when something follows it, so Go feeds one space; an
            // error that space causes (inside a literal, after "1e") is the error reported.
            var error = Step((byte)' ');
            return state == State.EndTop ? null : error ?? "unexpected end of JSON input";
        }

        public string? Step(byte c)
        {
            switch (state)
            {
                case State.BeginValueOrEmpty:
                    if (IsSpace(c))
                    {
                        return null;
                    }
                    if (c == ']')
                    {
                        return Close();
                    }
                    return BeginValue(c);
                case State.BeginValue:
                    return IsSpace(c) ? null : BeginValue(c);
                case State.BeginKeyOrEmpty:
                    if (IsSpace(c))
                    {
                        return null;
                    }
                    if (c == '}')
                    {
                        return Close();
                    }
                    return BeginKey(c);
                case State.BeginKey:
                    return IsSpace(c) ? null : BeginKey(c);
                case State.EndValue:
                    return EndValue(c);
                case State.EndTop:
                    return IsSpace(c) ? null : Invalid(c, "after top-level value");
                case State.InString:
                    return InString(c);
                case State.InStringEscape:
                    return InStringEscape(c);
                case State.InUnicodeEscape:
                    if (!char.IsAsciiHexDigit((char)c))
                    {
                        return Invalid(c, "in \\u hexadecimal character escape");
                    }
                    state = ++unicodeDigits == 4 ? State.InString : State.InUnicodeEscape;
                    return null;
                case State.Negative:
                    if (c == '0')
                    {
                        state = State.Zero;
                        return null;
                    }
                    if (c is >= (byte)'1' and <= (byte)'9')
                    {
                        state = State.Integer;
                        return null;
                    }
                    return Invalid(c, "in numeric literal");
                case State.Integer:
                    if (char.IsAsciiDigit((char)c))
                    {
                        return null;
                    }
                    return AfterInteger(c);
                case State.Zero:
                    return AfterInteger(c);
                case State.Dot:
                    if (!char.IsAsciiDigit((char)c))
                    {
                        return Invalid(c, "after decimal point in numeric literal");
                    }
                    state = State.Fraction;
                    return null;
                case State.Fraction:
                    if (char.IsAsciiDigit((char)c))
                    {
                        return null;
                    }
                    if (c is (byte)'e' or (byte)'E')
                    {
                        state = State.Exponent;
                        return null;
                    }
                    return EndValue(c);
                case State.Exponent:
                    if (c is (byte)'+' or (byte)'-')
                    {
                        state = State.ExponentSign;
                        return null;
                    }
                    goto case State.ExponentSign;
                case State.ExponentSign:
                    if (!char.IsAsciiDigit((char)c))
                    {
                        return Invalid(c, "in exponent of numeric literal");
                    }
                    state = State.ExponentDigits;
                    return null;
                case State.ExponentDigits:
                    return char.IsAsciiDigit((char)c) ? null : EndValue(c);
                default:
                    return InLiteral(c);
            }
        }

        private string? BeginValue(byte c)
        {
            switch (c)
            {
                case (byte)'{':
                    state = State.BeginKeyOrEmpty;
                    return Push(Container.ObjectKey);
                case (byte)'[':
                    state = State.BeginValueOrEmpty;
                    return Push(Container.Array);
                case (byte)'"':
                    state = State.InString;
                    return null;
                case (byte)'-':
                    state = State.Negative;
                    return null;
                case (byte)'0':
                    state = State.Zero;
                    return null;
                case >= (byte)'1' and <= (byte)'9':
                    state = State.Integer;
                    return null;
                case (byte)'t':
                    return StartLiteral("true");
                case (byte)'f':
                    return StartLiteral("false");
                case (byte)'n':
                    return StartLiteral("null");
                default:
                    return Invalid(c, "looking for beginning of value");
            }
        }

        private string? BeginKey(byte c)
        {
            if (c != '"')
            {
                return Invalid(c, "looking for beginning of object key string");
            }
            state = State.InString;
            return null;
        }

        private string? EndValue(byte c)
        {
            if (containers.Count == 0)
            {
                state = State.EndTop;
                return Step(c);
            }
            if (IsSpace(c))
            {
                state = State.EndValue;
                return null;
            }
            switch (containers.Peek())
            {
                case Container.ObjectKey:
                    if (c != ':')
                    {
                        return Invalid(c, "after object key");
                    }
                    containers.Pop();
                    containers.Push(Container.ObjectValue);
                    state = State.BeginValue;
                    return null;
                case Container.ObjectValue:
                    if (c == ',')
                    {
                        containers.Pop();
                        containers.Push(Container.ObjectKey);
                        state = State.BeginKey;
                        return null;
                    }
                    return c == '}' ? Close() : Invalid(c, "after object key:value pair");
                default:
                    if (c == ',')
                    {
                        state = State.BeginValue;
                        return null;
                    }
                    return c == ']' ? Close() : Invalid(c, "after array element");
            }
        }

        private string? Close()
        {
            containers.Pop();
            state = containers.Count == 0 ? State.EndTop : State.EndValue;
            return null;
        }

        private string? InString(byte c)
        {
            switch (c)
            {
                case (byte)'"':
                    state = State.EndValue;
                    return null;
                case (byte)'\\':
                    state = State.InStringEscape;
                    return null;
                case < 0x20:
                    return Invalid(c, "in string literal");
                default:
                    return null;
            }
        }

        private string? InStringEscape(byte c)
        {
            switch (c)
            {
                case (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t' or (byte)'\\' or (byte)'/' or (byte)'"':
                    state = State.InString;
                    return null;
                case (byte)'u':
                    unicodeDigits = 0;
                    state = State.InUnicodeEscape;
                    return null;
                default:
                    return Invalid(c, "in string escape code");
            }
        }

        private string? AfterInteger(byte c)
        {
            switch (c)
            {
                case (byte)'.':
                    state = State.Dot;
                    return null;
                case (byte)'e' or (byte)'E':
                    state = State.Exponent;
                    return null;
                default:
                    return EndValue(c);
            }
        }

        private string? StartLiteral(string word)
        {
            literal = word;
            literalIndex = 1;
            state = State.Literal;
            return null;
        }

        private string? InLiteral(byte c)
        {
            var expected = literal[literalIndex];
            if (c != expected)
            {
                return Invalid(c, $"in literal {literal} (expecting {QuoteByte((byte)expected)})");
            }
            if (++literalIndex == literal.Length)
            {
                state = State.EndValue;
            }
            return null;
        }

        private string? Push(Container container)
        {
            containers.Push(container);
            return containers.Count > MaxNestingDepth ? "exceeded max depth" : null;
        }

        private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

        private static string Invalid(byte c, string context) => $"invalid character {QuoteByte(c)} {context}";

        // Go quotes the byte as if it were the code point of the same value.
        private static string QuoteByte(byte c) => c switch
        {
            (byte)'\'' => "'\\''",
            (byte)'"' => "'\"'",
            _ => $"'{GoQuote.Quote(((char)c).ToString())[1..^1]}'",
        };
    }
}
