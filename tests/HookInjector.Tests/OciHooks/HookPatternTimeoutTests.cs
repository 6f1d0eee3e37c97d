using HookInjector.Host.OciHooks.Selection;
using HookInjector.Tests.Metrics;
using Microsoft.Extensions.Logging;

namespace HookInjector.Tests.OciHooks;

public class HookPatternTimeoutTests
{
    /// <summary>
    /// Go-valid and linear, but its DFA is exponential, so the search runs on the Pike VM: millions
    /// of steps on 100 KB, enough for the engine to look at the clock hundreds of times.
    /// </summary>
    private const string SlowPattern = "[ab]*a[ab]{20}c";

    /// <summary>100 KB of random a and b (a periodic text would keep the DFA small).</summary>
    private static readonly string Payload = RandomAb(100 * 1024);

    [Fact]
    public void A_search_past_the_containers_budget_is_no_match_counted_and_warned_about_once_per_file_and_pattern()
    {
        var logger = new ListLogger<HookPatternTimeoutTests>();
        using var probe = new MetricsProbe();
        var timeouts = new HookPatternTimeouts(logger, new SteppingTimeProvider(TimeSpan.FromMilliseconds(10)), TimeSpan.FromMilliseconds(250), probe.Metrics);
        var slow = TestHooks.V1("slow.json", $$$"""{"annotations":{"^payload$":"{{{SlowPattern}}}"}}""");
        var always = TestHooks.V1("z.json", """{"always":true}""");
        var catalog = new HookCatalog([slow, always], strictMatching: true, timeouts);
        var input = HookConditionTests.Input("/bin/sh", "payload=" + Payload, false);

        var first = catalog.Select(input);
        var second = catalog.Select(input);

        Assert.Equal("z.json", string.Join(",", first.MatchedFileNames));
        Assert.Equal("z.json", string.Join(",", second.MatchedFileNames));
        Assert.Null(first.Error);
        Assert.Equal(2, timeouts.Count);
        Assert.Equal("2", probe.Sample("hook_injector_pattern_searches_abandoned_total"));
        var warning = Assert.Single(logger.Messages(LogLevel.Warning));
        Assert.Contains("/hooks.d/slow.json", warning, StringComparison.Ordinal);
        Assert.Contains(SlowPattern, warning, StringComparison.Ordinal);
        Assert.Contains("abandoned after 250 ms, past the container's 250 ms budget", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void The_budget_covers_all_of_a_containers_hooks_so_a_later_search_is_abandoned_at_once_but_literal_patterns_still_answer()
    {
        var timeouts = new HookPatternTimeouts(new ListLogger<HookPatternTimeoutTests>(), new SteppingTimeProvider(TimeSpan.FromMilliseconds(100)), TimeSpan.FromMilliseconds(250));
        var first = TestHooks.V1("a.json", $$$"""{"annotations":{"^payload$":"{{{SlowPattern}}}"}}""");
        var second = TestHooks.V1("b.json", """{"commands":["^(.*/)?s[h]$"]}""");
        var literal = TestHooks.V1("c.json", """{"commands":["^/bin/sh$"]}""");
        var catalog = new HookCatalog([first, second, literal], strictMatching: true, timeouts);

        var selection = catalog.Select(HookConditionTests.Input("/bin/sh", "payload=" + Payload, false));

        Assert.Equal("c.json", string.Join(",", selection.MatchedFileNames));
        Assert.Equal(2, timeouts.Count);
    }

    [Fact]
    public void Within_the_budget_the_same_search_finishes_with_gos_answer()
    {
        var clock = new ManualTimeProvider();
        var timeouts = new HookPatternTimeouts(new ListLogger<HookPatternTimeoutTests>(), clock, TimeSpan.FromMilliseconds(250));
        var slow = TestHooks.V1("slow.json", $$$"""{"annotations":{"^payload$":"{{{SlowPattern}}}"}}""");
        var catalog = new HookCatalog([slow], strictMatching: true, timeouts);

        Assert.False(catalog.Select(HookConditionTests.Input("/bin/sh", "payload=" + Payload, false)).AnyMatched);
        Assert.True(catalog.Select(HookConditionTests.Input("/bin/sh", "payload=" + Payload + "a" + new string('b', 20) + "c", false)).AnyMatched);
        Assert.Equal(0, timeouts.Count);
    }

    private static string RandomAb(int length)
    {
        var random = new Random(1);
        return new string([.. Enumerable.Range(0, length).Select(_ => random.Next(2) == 0 ? 'a' : 'b')]);
    }

    /// <summary>A clock that moves forward by a fixed step each time it is read.</summary>
    private sealed class SteppingTimeProvider(TimeSpan step) : TimeProvider
    {
        private long now;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref now, step.Ticks);
    }
}
