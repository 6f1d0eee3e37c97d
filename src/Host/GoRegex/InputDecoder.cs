namespace HookInjector.Host.GoRegex;

/// <summary>
/// Reads a .NET string as the code points Go's regexp would see in its UTF-8 form. The strings come
/// from decoders (protobuf, JSON) that already turned invalid UTF-8 into U+FFFD; the one thing left
/// that UTF-8 cannot carry is an unpaired surrogate, which is read as one U+FFFD, as Go reads one
/// invalid byte.
/// </summary>
internal static class InputDecoder
{
    /// <summary>The code point at <paramref name="index"/>, and how many UTF-16 units it takes.</summary>
    public static int CodePointAt(string input, int index, out int width)
    {
        var unit = input[index];
        if (!char.IsSurrogate(unit))
        {
            width = 1;
            return unit;
        }
        if (char.IsHighSurrogate(unit) && index + 1 < input.Length && char.IsLowSurrogate(input[index + 1]))
        {
            width = 2;
            return char.ConvertToUtf32(unit, input[index + 1]);
        }
        width = 1;
        return '\uFFFD';
    }
}
