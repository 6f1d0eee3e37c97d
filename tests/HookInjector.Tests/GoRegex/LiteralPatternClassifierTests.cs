using HookInjector.Host.GoRegex;

namespace HookInjector.Tests.GoRegex;

public sealed class LiteralPatternClassifierTests
{
    [Theory]
    [InlineData(@"^example\.com/hook-1$", "WholeInput: example.com/hook-1")]
    [InlineData(@"\Aabc\z", "WholeInput: abc")]
    [InlineData("^(true|enabled)$", "WholeInput: true|enabled")]
    [InlineData("^(?:a|b|a)$", "WholeInput: a|b")]
    [InlineData("^[ab]c$", "WholeInput: ac|bc")]
    [InlineData("^$", "WholeInput: ")]
    [InlineData("^/usr/bin/", "Start: /usr/bin/")]
    [InlineData("^^/usr/bin/.*", "Start: /usr/bin/")]
    [InlineData(@"\.sh$", "End: .sh")]
    [InlineData(".*-debug$", "End: -debug")]
    [InlineData("sh", "Anywhere: sh")]
    [InlineData(".*foo.*", "Anywhere: foo")]
    [InlineData("colou?r", "Anywhere: color|colour")]
    [InlineData("^colou?r", "Start: color|colour")]
    [InlineData("x{3}", "Anywhere: xxx")]
    [InlineData("^x{1,2}$", "WholeInput: x|xx")]
    [InlineData("(?i)k", "Anywhere: K|k|\u212A")]
    [InlineData("^\\x{1F600}$", "WholeInput: \U0001F600")]
    [InlineData("", "everything")]
    [InlineData(".*", "everything")]
    [InlineData("^", "everything")]
    [InlineData("$", "everything")]
    [InlineData("^.*", "everything")]
    [InlineData("a*", "everything")]
    [InlineData("x|", "everything")]
    public void RecognisesLiteralShapesOnTheParsedPattern(string pattern, string expected) =>
        Assert.Equal(expected, Describe(LiteralPatternClassifier.Classify(GoRegexParser.Parse(pattern))));

    [Theory]
    [InlineData("^.*$")]
    [InlineData("(?m)^a$")]
    [InlineData("(?m)a$")]
    [InlineData("a+")]
    [InlineData("^a+$")]
    [InlineData("[a-z]")]
    [InlineData("^a|^b")]
    [InlineData("(^a$)")]
    [InlineData(@"\bword\b")]
    [InlineData("a^b")]
    [InlineData("a$b")]
    [InlineData(".")]
    [InlineData("^a{0,20}$")]
    [InlineData("a\\x{FFFD}")]
    [InlineData("(?i)^abcde$")]
    public void LeavesEveryOtherShapeToTheRegexEngine(string pattern) =>
        Assert.Null(LiteralPatternClassifier.Classify(GoRegexParser.Parse(pattern)));

    [Fact]
    public void AnchoredLiteralsAreExposedForLookUpAndOthersAreNot()
    {
        Assert.Equal(["true", "enabled"], GoRegexp.Compile("^(true|enabled)$").WholeInputLiterals);
        Assert.Null(GoRegexp.Compile("^true").WholeInputLiterals);
        Assert.Null(GoRegexp.Compile("^tr.e$").WholeInputLiterals);
    }

    [Theory]
    [InlineData("^/bin/sh$", "/bin/sh\n", false)]
    [InlineData("^/bin/sh$", "/bin/sh", true)]
    [InlineData("sh$", "/bin/bash", true)]
    [InlineData("sh$", "/bin/bash ", false)]
    [InlineData("^ab", "xab", false)]
    [InlineData("^$", "", true)]
    [InlineData("^$", "\n", false)]
    [InlineData(".*", "\n", true)]
    [InlineData("\\x{1F600}", "a\U0001F600b", true)]
    public void LiteralStrategiesAnswerLikeGo(string pattern, string input, bool expected) =>
        Assert.Equal(expected, GoRegexp.Compile(pattern).IsMatch(input));

    /// <summary>The whole Go corpus, through each strategy on its own: the literal one where it applies, and both automata always.</summary>
    [Fact]
    public void EveryStrategyGivesGosAnswerOnTheWholeCorpus()
    {
        var wrong = new List<string>();
        var literalCases = 0;
        foreach (var expected in GoRegexCorpus.Instance.Cases.Where(c => c.Error is null))
        {
            var parsed = GoRegexParser.Parse(expected.Pattern);
            var program = GoProgramCompiler.Compile(parsed);
            var strategies = new List<(string Name, GoMatcher Matcher)>
            {
                ("pike-vm", new AutomatonMatcher(program, useDfa: false)),
                ("lazy-dfa", new AutomatonMatcher(program, useDfa: true)),
            };
            if (LiteralPatternClassifier.Classify(parsed) is { } literal)
            {
                strategies.Add(("literal", literal));
                literalCases++;
            }

            foreach (var (name, matcher) in strategies)
            {
                wrong.AddRange((expected.Inputs ?? [])
                    .Where(input => (Search(matcher, input.Input) == GoMatchResult.Match) != input.Match)
                    .Select(input => $"line {expected.Line} {name}: {expected.Pattern} on {System.Text.Json.JsonSerializer.Serialize(input.Input)}"));
            }
        }

        Assert.Empty(wrong);
        Assert.True(literalCases >= 50, $"only {literalCases} corpus cases take the literal strategy");
    }

    private static GoMatchResult Search(GoMatcher matcher, string input)
    {
        var unlimited = SearchBudget.Unlimited;
        return matcher.Match(input, ref unlimited);
    }

    private static string Describe(GoMatcher? matcher) => matcher switch
    {
        null => "regex",
        MatchEverythingMatcher => "everything",
        LiteralSetMatcher literals => $"{literals.Anchoring}: {string.Join("|", literals.Literals)}",
        _ => matcher.GetType().Name,
    };
}
