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

    private static HookCondition Condition(bool? always = null, bool? hasBindMounts = null, (string Key, string Value)[]? annotations = null, string[]? commands = null, bool anyOf = false) =>
        new(always, hasBindMounts,
            [.. (annotations ?? []).Select(pair => new AnnotationCondition(GoRegexp.Compile(pair.Key), GoRegexp.Compile(pair.Value)))],
            [.. (commands ?? []).Select(GoRegexp.Compile)],
            anyOf);
}
