using HookInjector.Host.OciHooks.Selection;
using Microsoft.Extensions.Logging;

namespace HookInjector.Tests.OciHooks;

public class HookPatternTimeoutTests
{
    /// <summary>
    /// Valid for Go (each repeat stays within 1,000 copies) and linear for the engine, but its
    /// automaton is built while searching: about 20 s on 100 KB in Release. Go's answer is no match.
    /// </summary>
    private static readonly string SlowPattern = string.Concat(Enumerable.Repeat("[a-j]{1000}", 8)) + "k";

    [Fact]
    public void A_search_that_runs_out_of_time_is_no_match_and_is_warned_about_once_per_file_and_pattern()
    {
        var logger = new ListLogger<HookPatternTimeoutTests>();
        var timeouts = new HookPatternTimeouts(logger);
        var slow = TestHooks.V1("slow.json", $$$"""{"annotations":{"^payload$":"{{{SlowPattern}}}"}}""");
        var always = TestHooks.V1("z.json", """{"always":true}""");
        var catalog = new HookCatalog([slow, always], strictMatching: true, timeouts);
        var input = HookConditionTests.Input("/bin/sh", "payload=" + string.Concat(Enumerable.Repeat("abcdefghij", 10 * 1024)), false);

        var first = catalog.Select(input);
        var second = catalog.Select(input);

        Assert.Equal("z.json", string.Join(",", first.MatchedFileNames));
        Assert.Equal("z.json", string.Join(",", second.MatchedFileNames));
        Assert.Null(first.Error);
        Assert.Equal(2, timeouts.Count);
        var warning = Assert.Single(logger.Messages(LogLevel.Warning));
        Assert.Contains("/hooks.d/slow.json", warning, StringComparison.Ordinal);
        Assert.Contains(SlowPattern, warning, StringComparison.Ordinal);
    }
}
