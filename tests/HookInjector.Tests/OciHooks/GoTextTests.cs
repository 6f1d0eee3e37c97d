using System.Text;
using HookInjector.Host.OciHooks.Formats;
using HookInjector.Host.OciHooks.Formats.Json;

namespace HookInjector.Tests.OciHooks;

public class GoTextTests
{
    [Theory]
    [InlineData("a.json", "\"a.json\"")]
    [InlineData("", "\"\"")]
    [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [InlineData("\n\t\r\a\b\f\v", "\"\\n\\t\\r\\a\\b\\f\\v\"")]
    [InlineData("\u0001\u007f", "\"\\x01\\x7f\"")]
    [InlineData("é😀\uFFFD", "\"é😀\uFFFD\"")]
    [InlineData("a\u00a0b\u200bc", "\"a\\u00a0b\\u200bc\"")]
    [InlineData("\U000E0001", "\"\\U000e0001\"")]
    public void Quote_matches_Go_strconv_Quote(string value, string expected) =>
        Assert.Equal(expected, GoQuote.Quote(value));

    [Theory]
    [InlineData("41 42", "AB")]
    [InlineData("C3 A9", "é")]
    [InlineData("F0 9F 98 80", "😀")]
    [InlineData("FF", "\uFFFD")]
    [InlineData("E2 82 41", "\uFFFD\uFFFDA")]
    [InlineData("C0 80", "\uFFFD\uFFFD")]
    [InlineData("ED A0 80", "\uFFFD\uFFFD\uFFFD")]
    [InlineData("F0 9F 98", "\uFFFD\uFFFD\uFFFD")]
    [InlineData("41 80 42", "A\uFFFDB")]
    public void Invalid_UTF8_is_replaced_one_character_per_bad_byte_like_Go(string hex, string expected)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal(expected, Encoding.UTF8.GetString(GoUtf8.ReplaceInvalidSequences(bytes).Span));
    }

    [Fact]
    public void Valid_UTF8_is_returned_without_copying()
    {
        var bytes = "{\"é\":1}"u8.ToArray();
        Assert.True(GoUtf8.ReplaceInvalidSequences(bytes).Span == bytes.AsSpan());
    }
}
