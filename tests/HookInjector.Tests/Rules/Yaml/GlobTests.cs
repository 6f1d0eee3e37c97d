using HookInjector.Host.Rules.Yaml.Matching;

namespace HookInjector.Tests.Rules.Yaml;

public class GlobTests
{
    [Theory]
    [InlineData("default", "default", true)]
    [InlineData("default", "defaults", false)]
    [InlineData("default", "Default", false)]
    [InlineData("", "", true)]
    [InlineData("", "x", false)]
    [InlineData("*", "", true)]
    [InlineData("*", "anything", true)]
    [InlineData("ml-*", "ml-", true)]
    [InlineData("ml-*", "ml-train", true)]
    [InlineData("ml-*", "xml-train", false)]
    [InlineData("*-system", "kube-system", true)]
    [InlineData("*-system", "kube-systems", false)]
    [InlineData("a*b*c", "abc", true)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*b*c", "axxbyycz", false)]
    [InlineData("a*b*c", "acb", false)]
    [InlineData("a**b", "ab", true)]
    [InlineData("*aab", "aaab", true)]
    [InlineData("team-?", "team-a", true)]
    [InlineData("team-?", "team-", false)]
    [InlineData("team-?", "team-ab", false)]
    [InlineData("node[0-9]", "node7", true)]
    [InlineData("node[0-9]", "nodex", false)]
    [InlineData("node[!0-9]", "nodex", true)]
    [InlineData("node[^0-9]", "node7", false)]
    [InlineData("[abc]x", "bx", true)]
    [InlineData("[a-c-]x", "-x", true)]
    [InlineData("[-a]", "-", true)]
    [InlineData(@"\*", "*", true)]
    [InlineData(@"\*", "x", false)]
    [InlineData(@"a\?", "a?", true)]
    [InlineData(@"[\]]", "]", true)]
    [InlineData("*a*a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false)]
    public void Matches_the_whole_text(string pattern, string text, bool expected) =>
        Assert.Equal(expected, Glob.Parse(pattern).IsMatch(text));

    [Theory]
    [InlineData("plain", true, "plain")]
    [InlineData(@"esc\*aped", true, "esc*aped")]
    [InlineData("", true, "")]
    [InlineData("ml-*", false, null)]
    [InlineData("a?", false, null)]
    [InlineData("[ab]", false, null)]
    public void Tells_literal_patterns_apart(string pattern, bool literal, string? value)
    {
        var glob = Glob.Parse(pattern);

        Assert.Equal(literal, glob.IsLiteral);
        if (literal)
        {
            Assert.Equal(value, glob.Literal);
        }
    }

    [Theory]
    [InlineData("ml-[", "'[' is not closed")]
    [InlineData("ml-[a-", "'[' is not closed")]
    [InlineData("[]", "'[]' is empty")]
    [InlineData("[!]", "'[]' is empty")]
    [InlineData("[z-a]", "'z-a' is reversed")]
    [InlineData(@"ab\", "trailing backslash")]
    [InlineData(@"[a\", "trailing backslash")]
    public void Rejects_malformed_patterns(string pattern, string reason) =>
        Assert.Contains(reason, Assert.Throws<FormatException>(() => Glob.Parse(pattern)).Message, StringComparison.Ordinal);
}
