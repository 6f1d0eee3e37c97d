using HookInjector.Host.GoRegex;
using HookInjector.Host.OciHooks.Matching;
using HookInjector.Host.Injection;

namespace HookInjector.Tests.Injection;

public class HookConditionTraceTests
{
    private static readonly HookMatchInput Shell = new(["/bin/sh", "-c", "true"], new Dictionary<string, string> { ["a"] = "b" }, hasBindMounts: false);

    [Fact]
    public void All_of_stops_at_the_first_failing_condition_as_Go_does()
    {
        var when = Condition(always: true, hasBindMounts: true, commands: ["^/bin/sh$"]);

        var (result, reason, conditions) = HookConditionTrace.Explain(when, Shell, "none");

        Assert.Equal(CandidateResult.NotMatched, result);
        Assert.Equal("hasBindMounts: fail (container has none: none)", reason);
        Assert.Equal(["always", "hasBindMounts"], conditions.Select(condition => condition.Condition));
        Assert.Equal(HookMatchOutcome.NoMatch, when.Match(Shell));
    }

    [Fact]
    public void Any_of_stops_at_the_first_condition_that_holds()
    {
        var when = Condition(hasBindMounts: true, annotations: [("^a$", "^b$")], commands: ["^nothing$"], anyOf: true);

        var (result, reason, conditions) = HookConditionTrace.Explain(when, Shell, "none");

        Assert.Equal(CandidateResult.Matched, result);
        Assert.Equal("annotations: pass (a=b matches key ^a$ / value ^b$)", reason);
        Assert.Equal(2, conditions.Length);
        Assert.Equal(HookMatchOutcome.Match, when.Match(Shell));
    }

    [Fact]
    public void Commands_decide_alone_once_reached()
    {
        var when = Condition(always: true, commands: ["^/usr/bin/x$"]);

        var (result, reason, _) = HookConditionTrace.Explain(when, Shell, "none");

        Assert.Equal(CandidateResult.NotMatched, result);
        Assert.Equal("commands: fail (/bin/sh matches none of ^/usr/bin/x$)", reason);
        Assert.Equal(HookMatchOutcome.NoMatch, when.Match(Shell));
    }

    [Fact]
    public void HasBindMounts_false_never_matches()
    {
        var input = new HookMatchInput(["sh"], new Dictionary<string, string>(), hasBindMounts: false);

        var (result, reason, _) = HookConditionTrace.Explain(Condition(hasBindMounts: false), input, "none");

        Assert.Equal(CandidateResult.NotMatched, result);
        Assert.Equal("hasBindMounts: fail (false, which never matches)", reason);
    }

    [Fact]
    public void A_when_without_conditions_never_matches()
    {
        var (result, reason, conditions) = HookConditionTrace.Explain(Condition(), Shell, "none");

        Assert.Equal(CandidateResult.NotMatched, result);
        Assert.Equal("when: no condition at all, which never matches", reason);
        Assert.Empty(conditions);
        Assert.Equal(HookMatchOutcome.NoMatch, Condition().Match(Shell));
    }

    [Fact]
    public void A_commands_condition_without_process_arguments_is_unknown()
    {
        var input = new HookMatchInput([], new Dictionary<string, string>(), hasBindMounts: false);

        var (result, reason, _) = HookConditionTrace.Explain(Condition(commands: ["^x$"]), input, "none");

        Assert.Equal(CandidateResult.Unknown, result);
        Assert.Equal("commands: unknown (the container has no process arguments; the hook is injected if its command matches ^x$)", reason);
    }

    [Fact]
    public void A_search_the_budget_cuts_short_is_shown_as_abandoned_never_as_no_match()
    {
        var payload = new string([.. Enumerable.Range(0, 100 * 1024).Select(i => (i * 7) % 11 < 5 ? 'a' : 'b')]);
        var input = new HookMatchInput(["/bin/sh"], new Dictionary<string, string> { ["payload"] = payload }, hasBindMounts: false);
        var clock = new SteppingClock(TimeSpan.FromMilliseconds(50));

        var (annotationResult, annotationReason, _) = HookConditionTrace.Explain(
            Condition(annotations: [("^payload$", "(x+x+)+y|[ab]*a[ab]{20}c")]), input, "none", clock);
        var (commandResult, commandReason, _) = HookConditionTrace.Explain(
            Condition(commands: ["(x+x+)+y|[ab]*a[ab]{20}c"]), new HookMatchInput([payload], new Dictionary<string, string>(), false), "none", clock);

        Assert.Equal(CandidateResult.NotMatched, annotationResult);
        Assert.StartsWith("annotations: fail (search abandoned after 250 ms, past the 250 ms matching budget: payload=", annotationReason, StringComparison.Ordinal);
        Assert.Equal(CandidateResult.NotMatched, commandResult);
        Assert.StartsWith("commands: fail (search abandoned after 250 ms, past the 250 ms matching budget: ", commandReason, StringComparison.Ordinal);
        Assert.DoesNotContain("none of", commandReason, StringComparison.Ordinal);
    }

    private static HookCondition Condition(bool? always = null, bool? hasBindMounts = null, (string Key, string Value)[]? annotations = null, string[]? commands = null, bool anyOf = false) =>
        new(always, hasBindMounts,
            [.. (annotations ?? []).Select(pair => new AnnotationPatternPair(GoRegexp.Compile(pair.Key), GoRegexp.Compile(pair.Value)))],
            [.. (commands ?? []).Select(GoRegexp.Compile)],
            anyOf);

    /// <summary>A clock that moves forward by a fixed step each time it is read.</summary>
    private sealed class SteppingClock(TimeSpan step) : TimeProvider
    {
        private long now;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref now, step.Ticks);
    }
}
