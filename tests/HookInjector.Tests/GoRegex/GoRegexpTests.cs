using HookInjector.Host.GoRegex;

namespace HookInjector.Tests.GoRegex;

public sealed class GoRegexpTests
{
    [Fact]
    public void CompileKeepsTheGoPatternAndAnswersLiteralsWithoutAnAutomaton()
    {
        var regexp = GoRegexp.Compile("^/bin/sh$");

        Assert.Equal("^/bin/sh$", regexp.Pattern);
        Assert.Null(regexp.Automaton);
        Assert.True(regexp.IsMatch("/bin/sh"));
        Assert.False(regexp.IsMatch("/bin/sh\n"));
    }

    [Fact]
    public void CaseInsensitivityFollowsGosSimpleFoldingOrbits()
    {
        var regexp = GoRegexp.Compile("(?i)^k+s$", GoSearchEngine.PikeVm);

        Assert.True(regexp.IsMatch("kK\u212As"));
        Assert.True(regexp.IsMatch("K\u017F"));
        Assert.False(regexp.IsMatch("kx"));
    }

    [Theory]
    [InlineData("(a", "missing closing )", "(a")]
    [InlineData(@"\Z", "invalid escape sequence", @"\Z")]
    [InlineData("(?=a)", "invalid or unsupported Perl syntax", "(?=")]
    [InlineData("a**", "invalid nested repetition operator", "**")]
    [InlineData("a{1001}", "invalid repeat count", "{1001}")]
    [InlineData("[z-a]", "invalid character class range", "z-a")]
    [InlineData("[a", "missing closing ]", "[a")]
    [InlineData("*", "missing argument to repetition operator", "*")]
    [InlineData("(?P<>a)", "invalid named capture", "(?P<>")]
    [InlineData(")", "unexpected )", ")")]
    [InlineData(@"a\", "trailing backslash at end of expression", "")]
    public void RejectionsCarryGosCodeExpressionAndMessage(string pattern, string code, string expression)
    {
        var error = Assert.Throws<GoRegexpSyntaxException>(() => GoRegexp.Compile(pattern));

        Assert.Equal(code, error.Code);
        Assert.Equal(expression, error.Expression);
        Assert.Equal($"error parsing regexp: {code}: `{expression}`", error.Message);
    }

    [Fact]
    public void TryCompileReportsTheErrorTextInsteadOfThrowing()
    {
        Assert.False(GoRegexp.TryCompile(@"(?<!a)b", out var rejected, out var error));
        Assert.Null(rejected);
        Assert.Equal("error parsing regexp: invalid named capture: `(?<!a)b`", error);

        Assert.True(GoRegexp.TryCompile(@"(?<name>a)", out var accepted, out error));
        Assert.Null(error);
        Assert.True(accepted.IsMatch("xa"));
    }

    [Fact]
    public void AnUnpairedSurrogateInThePatternIsInvalidUtf8LikeABadByteForGo()
    {
        var error = Assert.Throws<GoRegexpSyntaxException>(() => GoRegexp.Compile("ab\uD800c"));

        Assert.Equal(GoRegexpErrorCode.InvalidUtf8, error.Code);
        Assert.Equal("\uD800c", error.Expression);
    }

    [Fact]
    public void AnUnpairedSurrogateInTheInputReadsAsOneReplacementCharacter()
    {
        // Built here rather than passed as theory data, which cannot carry unpaired surrogates intact.
        Assert.True(GoRegexp.Compile("^.$").IsMatch("\uDE00"));
        Assert.True(GoRegexp.Compile(@"^\x{FFFD}$").IsMatch("\uD800"));
        Assert.True(GoRegexp.Compile("^[^a]b$").IsMatch("\uD800b"));
        Assert.True(GoRegexp.Compile("^..$").IsMatch("\uDE00\uD83D"));
        Assert.False(GoRegexp.Compile("^..$").IsMatch("\uD83D\uDE00"));
    }

    [Fact]
    public void SupplementaryCodePointsAreSingleCharactersWhereverTheyAppear()
    {
        var regexp = GoRegexp.Compile(@"^\pL\PL.[^😃]😀$");

        Assert.True(regexp.IsMatch("𝐀😀𐌰😀😀"));
        Assert.False(regexp.IsMatch("𝐀😀𐌰😃😀"));
        Assert.False(regexp.IsMatch("😀😀𐌰😀😀"));
    }

    [Theory]
    [InlineData(@"\bx", "éx", true)]
    [InlineData(@"x\b", "xé", true)]
    [InlineData(@"\Bx", "éx", false)]
    [InlineData(@"\bé", "aé", true)]
    [InlineData(@"\bé", "é", false)]
    [InlineData(@"^\w\b", "aé", true)]
    [InlineData(@"\b", "é😀ж", false)]
    [InlineData(@"\B", "é", true)]
    public void WordBoundariesAreGosAsciiOnesEvenNextToNonAsciiLetters(string pattern, string input, bool expected) =>
        Assert.Equal(expected, GoRegexp.Compile(pattern).IsMatch(input));

    [Fact]
    public void APatternTellingApartThousandsOfNonAsciiCharactersCompilesAndMatches()
    {
        // 6,500 distinct supplementary characters: the .NET translation refused this; Go accepts it.
        var pattern = string.Concat(Enumerable.Range(0, 6500).Select(i => $@"\x{{{0x10000 + (2 * i):X}}}"));
        var input = string.Concat(Enumerable.Range(0, 6500).Select(i => char.ConvertFromUtf32(0x10000 + (2 * i))));

        var regexp = GoRegexp.Compile(pattern, GoSearchEngine.LazyDfa);

        Assert.True(regexp.IsMatch("x" + input));
        Assert.False(regexp.IsMatch(input[..^2]));
    }

    [Fact]
    public void APatternOverDotNetsDefaultAutomatonLimitButWithinGosStillCompiles()
    {
        var regexp = GoRegexp.Compile("(?:abcdefghij){1000}");

        Assert.True(regexp.IsMatch(string.Concat(Enumerable.Repeat("abcdefghij", 1000))));
        Assert.False(regexp.IsMatch(string.Concat(Enumerable.Repeat("abcdefghij", 999))));
    }

    [Fact]
    public void APatternOverDotNetsDefaultAutomatonLimitThatNeedsTheEngineStillCompiles()
    {
        var regexp = GoRegexp.Compile("(?:[ab]bcdefghij){1000}");

        Assert.True(regexp.IsMatch(string.Concat(Enumerable.Repeat("bbcdefghij", 1000))));
        Assert.False(regexp.IsMatch(string.Concat(Enumerable.Repeat("abcdefghij", 999))));
    }

    /// <summary>
    /// Patterns that make a backtracking engine take exponential time. They must simply finish
    /// with Go's answer; how long they take is measured in bench/, not asserted here.
    /// </summary>
    [Theory]
    [InlineData("(a+)+$", "b", false)]
    [InlineData("(a|aa)*b", "", false)]
    [InlineData("(.*a){20}", "", true)]
    [InlineData("(x+x+)+y", "", false)]
    [InlineData(@"^(\w+\s?)*$", "!", false)]
    [InlineData("(a*)*c", "", false)]
    [InlineData("^(a|a?)+$", "", true)]
    public void PathologicalPatternsFinishOnAHundredKilobyteInput(string pattern, string suffix, bool expected)
    {
        var input = new string(pattern.Contains('x', StringComparison.Ordinal) ? 'x' : 'a', 100 * 1024) + suffix;

        Assert.Equal(expected, GoRegexp.Compile(pattern).IsMatch(input));
    }
}
