using System.Text;
using HookInjector.Host.OciHooks.Formats.Json;

namespace HookInjector.Tests.OciHooks;

public class GoJsonSyntaxTests
{
    [Theory]
    [InlineData("{}")]
    [InlineData(" [ ] ")]
    [InlineData("null")]
    [InlineData("0")]
    [InlineData("-12.5e+3")]
    [InlineData("1E9")]
    [InlineData("\"a\\u00e9\\n\\\"\"")]
    [InlineData("{\"a\":[1,true,false,null,{\"b\":\"c\"}],\"d\":{}}")]
    [InlineData("\t{\r\n\"k\" :\t\"v\" }\n")]
    public void Valid_JSON_passes(string json) => Assert.Null(GoJsonSyntax.FindError(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("", "unexpected end of JSON input")]
    [InlineData("   ", "unexpected end of JSON input")]
    [InlineData("{", "unexpected end of JSON input")]
    [InlineData("{\"a\"", "unexpected end of JSON input")]
    [InlineData("\"abc", "unexpected end of JSON input")]
    [InlineData("[1,", "unexpected end of JSON input")]
    [InlineData("tru", "invalid character ' ' in literal true (expecting 'e')")]
    [InlineData("-", "invalid character ' ' in numeric literal")]
    [InlineData("1.", "invalid character ' ' after decimal point in numeric literal")]
    [InlineData("1e+", "invalid character ' ' in exponent of numeric literal")]
    [InlineData("x", "invalid character 'x' looking for beginning of value")]
    [InlineData("[1,]", "invalid character ']' looking for beginning of value")]
    [InlineData("{,}", "invalid character ',' looking for beginning of object key string")]
    [InlineData("{\"a\" 1}", "invalid character '1' after object key")]
    [InlineData("{\"a\":1 \"b\":2}", "invalid character '\"' after object key:value pair")]
    [InlineData("[1 2]", "invalid character '2' after array element")]
    [InlineData("{} x", "invalid character 'x' after top-level value")]
    [InlineData("01", "invalid character '1' after top-level value")]
    [InlineData("\"a\\x\"", "invalid character 'x' in string escape code")]
    [InlineData("\"\\u12g4\"", "invalid character 'g' in \\u hexadecimal character escape")]
    [InlineData("\"a\tb\"", "invalid character '\\t' in string literal")]
    [InlineData("-a", "invalid character 'a' in numeric literal")]
    [InlineData("1.e5", "invalid character 'e' after decimal point in numeric literal")]
    [InlineData("1ex", "invalid character 'x' in exponent of numeric literal")]
    [InlineData("nul1", "invalid character '1' in literal null (expecting 'l')")]
    [InlineData("fals", "invalid character ' ' in literal false (expecting 'e')")]
    [InlineData("{'a':1}", "invalid character '\\'' looking for beginning of object key string")]
    [InlineData("[\u0001]", "invalid character '\\x01' looking for beginning of value")]
    public void Syntax_errors_read_as_in_Go(string json, string expected) =>
        Assert.Equal(expected, GoJsonSyntax.FindError(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("EF BB BF 7B 7D", "invalid character 'ï' looking for beginning of value")]
    [InlineData("7B FF 7D", "invalid character 'ÿ' looking for beginning of object key string")]
    [InlineData("5B 80 5D", "invalid character '\\u0080' looking for beginning of value")]
    [InlineData("22 FF FE 22", null)]
    public void Bytes_are_judged_as_bytes(string hex, string? expected) =>
        Assert.Equal(expected, GoJsonSyntax.FindError(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal))));

    [Fact]
    public void Nesting_deeper_than_Go_allows_is_rejected()
    {
        Assert.Null(GoJsonSyntax.FindError(Encoding.ASCII.GetBytes(new string('[', 10000) + new string(']', 10000))));
        Assert.Equal("exceeded max depth", GoJsonSyntax.FindError(Encoding.ASCII.GetBytes(new string('[', 10001) + new string(']', 10001))));
    }
}
