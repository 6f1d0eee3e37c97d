using HookInjector.Host.GoRegex;

namespace HookInjector.Tests.GoRegex;

/// <summary>
/// The automata behind <see cref="GoRegexp"/>: linear work, bounded memory, safe sharing between
/// threads, time budgets, and the Unicode version of their tables. Work is asserted by counting
/// the engines' own steps, never by timing.
/// </summary>
public sealed class GoRegexEngineTests
{
    public static TheoryData<string, string> Pathological => new()
    {
        { "[ab]*a[ab]{20}c", "ab" },
        { "(a*)*b", "a" },
        { "(x+x+)+y", "x" },
        { "(a|aa)*b", "a" },
        { @"^(\w+\s?)*$", "a" },
        { "(.*a){20}!", "a" },
        { "(?:a[a-z]{9}){100}b", "aqqqqqqqqq" },
    };

    [Fact]
    public void TheUnicodeTablesAndTheCorpusComeFromGo123WithUnicode15()
    {
        Assert.StartsWith("go1.23.", GoUnicodeTables.GoVersion, StringComparison.Ordinal);
        Assert.Equal("15.0.0", GoUnicodeTables.UnicodeVersion);
        Assert.Equal(GoUnicodeTables.GoVersion, GoRegexCorpus.Instance.GoVersion);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CodePointsAddedInUnicode14And15AreClassifiedLikeGo123(bool lazyDfa)
    {
        var engine = lazyDfa ? GoSearchEngine.LazyDfa : GoSearchEngine.PikeVm;
        // U+1E290 TOTO LETTER PA (Unicode 14), U+11F04 KAWI LETTER A (Unicode 15).
        Assert.True(GoRegexp.Compile(@"^\p{L}\p{Toto}$", engine).IsMatch("\U0001E290\U0001E290"));
        Assert.True(GoRegexp.Compile(@"^\p{Lo}\p{Kawi}$", engine).IsMatch("\U00011F04\U00011F04"));
        Assert.False(GoRegexp.Compile(@"\p{Kawi}", engine).IsMatch("\U0001E290"));
        // U+2C2F GLAGOLITIC CAPITAL LETTER CAUDATE CHI (Unicode 14) folds to U+2C5F.
        Assert.True(GoRegexp.Compile(@"(?i)^\x{2C2F}$", engine).IsMatch("\u2C5F"));
    }

    [Theory]
    [MemberData(nameof(Pathological))]
    public void PathologicalPatternsTakeWorkLinearInTheInputOnThePikeVm(string pattern, string unit)
    {
        var regexp = GoRegexp.Compile(pattern, GoSearchEngine.PikeVm);
        var automaton = Assert.IsType<AutomatonMatcher>(regexp.Automaton);

        var small = Steps(regexp, Repeat(unit, 100 * 1024));
        var large = Steps(regexp, Repeat(unit, 256 * 1024));

        // Never more than one visit per instruction per position, and the same work per position.
        Assert.InRange(large, 1, (256L * 1024 + 1) * (automaton.ProgramLength + 1));
        Assert.InRange((double)large / small, 2.5, 2.62);
    }

    [Theory]
    [MemberData(nameof(Pathological))]
    public void PathologicalPatternsStayLinearWhenTheLazyDfaRuns(string pattern, string unit)
    {
        var regexp = GoRegexp.Compile(pattern, GoSearchEngine.LazyDfa);
        var automaton = Assert.IsType<AutomatonMatcher>(regexp.Automaton);

        foreach (var length in new[] { 100 * 1024, 256 * 1024 })
        {
            var input = Repeat(unit, length);
            var steps = Steps(regexp, input);

            // The DFA's own steps, then at worst the Pike VM's from the start when it gives up.
            Assert.InRange(steps, 1, 2 * (length + 1L) * (automaton.ProgramLength + 1));
            Assert.Equal(GoRegexp.Compile(pattern, GoSearchEngine.PikeVm).IsMatch(input), regexp.IsMatch(input));
        }

        Assert.InRange(automaton.Dfa!.CacheBytes, 1, 2 * LazyDfa.MaxCacheBytes);
    }

    [Fact]
    public void AnExponentialDfaFillsItsCacheThenGivesUpToThePikeVmAndKeepsItsMemory()
    {
        var regexp = GoRegexp.Compile("[ab]*a[ab]{20}c", GoSearchEngine.LazyDfa);
        var dfa = regexp.Automaton!.Dfa!;
        var random = new Random(7);

        for (var i = 0; i < 20; i++)
        {
            var input = new string([.. Enumerable.Range(0, 20 * 1024).Select(_ => random.Next(2) == 0 ? 'a' : 'b')]);
            Assert.False(regexp.IsMatch(input));
            Assert.True(regexp.IsMatch(input + "a" + new string('b', 20) + "c"));
        }

        Assert.True(dfa.Clears > 0);
        Assert.True(dfa.GiveUps > 0);
        Assert.InRange(dfa.CacheBytes, 1, 2 * LazyDfa.MaxCacheBytes);
    }

    [Fact]
    public void TheDfaCacheDoesNotGrowAfterTenThousandMatches()
    {
        var regexp = GoRegexp.Compile(@"^(.*/)?app-\d+$");
        var dfa = Assert.IsType<AutomatonMatcher>(regexp.Automaton).Dfa!;
        string[] inputs = ["/usr/bin/app-42", "app-7", "/opt/app-x", "/usr/local/bin/application", "/bin/sh", "app-", "/a/b/c/app-1234567"];
        foreach (var input in inputs)
        {
            regexp.IsMatch(input);
        }

        var (states, bytes, clears) = (dfa.StateCount, dfa.CacheBytes, dfa.Clears);
        var matches = 0;
        for (var i = 0; i < 10_000; i++)
        {
            matches += regexp.IsMatch(inputs[i % inputs.Length]) ? 1 : 0;
        }

        Assert.Equal(10_000 * 3 / 7, matches, tolerance: 1);
        Assert.Equal(states, dfa.StateCount);
        Assert.Equal(bytes, dfa.CacheBytes);
        Assert.Equal(clears, dfa.Clears);
        Assert.InRange(bytes, 1, 16 * 1024);
    }

    /// <summary>
    /// The shape of command pattern the .NET translation paid about 680 KB for, each, once it had
    /// matched: compiling (parser garbage included) and searching now allocate about 15 KB per
    /// pattern, and the DFA cache each keeps is under 2 KB.
    /// </summary>
    [Fact]
    public void AHooksDirectoryOfCommandPatternsCompilesAndMatchesInKilobytesEach()
    {
        const int Count = 250;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var patterns = new GoRegexp[Count];
        for (var i = 0; i < Count; i++)
        {
            patterns[i] = GoRegexp.Compile($"^(.*/)?app-{i}$");
            Assert.True(patterns[i].IsMatch($"/usr/local/bin/app-{i}"));
            Assert.False(patterns[i].IsMatch($"/usr/local/bin/app-{i}0"));
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(patterns.Max(p => p.Automaton!.Dfa!.CacheBytes), 1, 4 * 1024);
        Assert.InRange(allocated / Count, 1, 32 * 1024);
    }

    [Fact]
    public void ThreadsSharingOnePatternGetTheSameAnswers()
    {
        var regexp = GoRegexp.Compile(@"(?i)\b(nvidia|amd)\.com/gpu(-[a-z]+)?\b");
        string[] inputs = ["x nvidia.com/gpu y", "NVIDIA.COM/GPU-shared", "amd.com/gpux", "intel.com/gpu", "xamd.com/gpu"];
        bool[] expected = [true, true, false, false, false];

        var wrong = 0;
        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            if (regexp.IsMatch(inputs[i % inputs.Length]) != expected[i % inputs.Length])
            {
                Interlocked.Increment(ref wrong);
            }
        });

        Assert.Equal(0, wrong);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ASearchStopsOnceItsBudgetIsSpentAndSoDoesTheNextOneSharingIt(bool lazyDfa)
    {
        var regexp = GoRegexp.Compile("(x+x+)+y", lazyDfa ? GoSearchEngine.LazyDfa : GoSearchEngine.PikeVm);
        var input = new string('x', 100 * 1024);
        var budget = SearchBudget.Start(new SteppingClock(TimeSpan.FromMilliseconds(1)), TimeSpan.FromMilliseconds(5));

        Assert.Equal(GoMatchResult.Abandoned, regexp.Match(input, ref budget));
        Assert.True(budget.IsExhausted);
        Assert.Equal(GoMatchResult.Abandoned, regexp.Match("xy", ref budget));
        Assert.False(regexp.IsMatch(input));
        Assert.True(regexp.IsMatch("xxy"));
    }

    [Fact]
    public void ABudgetCountsWorkAcrossSearchesSoManyShortOnesAreBoundedToo()
    {
        var regexp = GoRegexp.Compile("(x+x+)+y", GoSearchEngine.PikeVm);
        var clock = new SteppingClock(TimeSpan.FromMilliseconds(1));
        var budget = SearchBudget.Start(clock, TimeSpan.FromMilliseconds(5));

        var searches = 0;
        while (regexp.Match("xxxxxxxxxxxxxxxxxxxx", ref budget) != GoMatchResult.Abandoned)
        {
            searches++;
            Assert.True(searches < 100_000, "the budget never ran out");
        }

        Assert.True(searches > 10);
    }

    private static long Steps(GoRegexp regexp, string input)
    {
        var before = regexp.Automaton!.Steps;
        regexp.IsMatch(input);
        return regexp.Automaton.Steps - before;
    }

    private static string Repeat(string unit, int length) =>
        string.Concat(Enumerable.Repeat(unit, (length / unit.Length) + 1))[..length];

    /// <summary>A clock that moves forward by a fixed step each time it is read.</summary>
    private sealed class SteppingClock(TimeSpan step) : TimeProvider
    {
        private long now;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref now, step.Ticks);
    }
}
