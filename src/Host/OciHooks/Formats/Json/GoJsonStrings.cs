using System.Globalization;
using System.Text;

namespace HookInjector.Host.OciHooks.Formats.Json;

/// <summary>
/// Decodes a quoted JSON string whose <c>\u</c> escapes System.Text.Json refuses to turn into a
/// .NET string (lone surrogates). Go accepts them and substitutes U+FFFD for each unpaired
/// surrogate escape, which is what this does; the text is already known to be valid JSON.
/// </summary>
internal static class GoJsonStrings
{
    public static string Unquote(ReadOnlySpan<char> quoted)
    {
        var text = quoted[1..^1];
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                builder.Append(text[i]);
                continue;
            }

            i++;
            switch (text[i])
            {
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u': i = AppendUnicodeEscape(builder, text, i); break;
                default: builder.Append(text[i]); break;
            }
        }
        return builder.ToString();
    }

    // i points at the 'u'; returns the index of the last character consumed.
    private static int AppendUnicodeEscape(StringBuilder builder, ReadOnlySpan<char> text, int i)
    {
        var unit = ParseHex(text.Slice(i + 1, 4));
        i += 4;
        if (char.IsHighSurrogate(unit) && i + 6 < text.Length && text[i + 1] == '\\' && text[i + 2] == 'u')
        {
            var low = ParseHex(text.Slice(i + 3, 4));
            if (char.IsLowSurrogate(low))
            {
                builder.Append(unit).Append(low);
                return i + 6;
            }
        }
        builder.Append(char.IsSurrogate(unit) ? '\uFFFD' : unit);
        return i;
    }

    private static char ParseHex(ReadOnlySpan<char> digits) =>
        (char)ushort.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}
