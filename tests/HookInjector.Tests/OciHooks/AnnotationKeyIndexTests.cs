using HookInjector.Host.OciHooks;
using HookInjector.Host.OciHooks.Matching;
using HookInjector.Host.OciHooks.Selection;

namespace HookInjector.Tests.OciHooks;

public class AnnotationKeyIndexTests
{
    /// <summary>The truth table plus cases where the skipped condition stands before commands.</summary>
    public static TheoryData<string, string, string, bool, string> Cases()
    {
        var cases = HookConditionTests.TruthTable;
        cases.Add("""{"annotations":{"^a$":"^b$"},"commands":["x"]}""", "-", "", false, "NoMatch");
        cases.Add("""{"annotations":{"^a$":"^b$"},"commands":["x"]}""", "-", "a=b", false, "MissingProcessArgs");
        cases.Add("""{"annotations":{"^(a|k)$":"^b$"},"always":true}""", "/bin/sh", "k=b", false, "Match");
        cases.Add("""{"annotations":{"^(a|k)$":"^b$"},"always":true}""", "/bin/sh", "z=b", false, "NoMatch");
        cases.Add("""{"annotations":{"^a$":"^b$","^c":"d"}}""", "/bin/sh", "a=b;cc=xdx", false, "Match");
        cases.Add("""{"annotations":{"^A$":"^b$"}}""", "/bin/sh", "a=b", false, "NoMatch");
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Selecting_through_the_index_gives_the_outcome_of_matching_every_hook(string when, string args, string annotations, bool hasBindMounts, string expected)
    {
        var hook = when.StartsWith("v0:", StringComparison.Ordinal) ? TestHooks.V0("a.json", when[3..]) : TestHooks.V1("a.json", when);
        var input = HookConditionTests.Input(args, annotations, hasBindMounts);

        var selection = new HookCatalog([hook], strictMatching: false).Select(input);

        var outcome = selection.AnyMatched ? HookMatchOutcome.Match
            : selection.Warnings.IsEmpty ? HookMatchOutcome.NoMatch
            : HookMatchOutcome.MissingProcessArgs;
        Assert.Equal(expected, outcome.ToString());
        Assert.Equal(hook.When.Match(input), outcome);
    }

    [Fact]
    public void Indexed_and_other_hooks_match_in_file_order()
    {
        var hooks = new List<HookDefinition>();
        for (var i = 0; i < 150; i++)
        {
            var when = (i % 3) switch
            {
                0 => $$$"""{"annotations":{"^key-{{{i % 7}}}$":"^on$"}}""",
                1 => """{"annotations":{"key-[0-9]":"on"}}""",
                _ => $$"""{"always":{{(i % 2 == 0 ? "true" : "false")}}}""",
            };
            hooks.Add(TestHooks.V1($"{i:D3}.json", when));
        }
        var input = HookConditionTests.Input("/bin/sh", "key-3=on;key-5=off;other=on", false);
        var catalog = new HookCatalog(hooks.AsEnumerable().Reverse(), strictMatching: false);

        var selection = catalog.Select(input);

        var expected = catalog.Hooks.Where(hook => hook.When.Match(input) == HookMatchOutcome.Match).Select(hook => hook.FileName).ToList();
        Assert.Contains("003.json", expected);
        Assert.Contains("001.json", expected);
        Assert.Contains("002.json", expected);
        Assert.Equal(expected, selection.MatchedFileNames);
    }

    [Fact]
    public void Keys_are_looked_up_ordinally_even_when_the_caller_s_dictionary_ignores_case()
    {
        var hook = TestHooks.V1("a.json", """{"annotations":{"^key$":"^on$"}}""");
        var annotations = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["KEY"] = "on" };

        var selection = new HookCatalog([hook], strictMatching: false).Select(new HookMatchInput(["/bin/sh"], annotations, false));

        Assert.False(selection.AnyMatched);
    }

    [Fact]
    public void Selecting_with_indexed_hooks_that_do_not_match_allocates_nothing()
    {
        var catalog = new HookCatalog(
            [
                TestHooks.V1("a.json", """{"annotations":{"^a$":"^x$"}}"""),
                TestHooks.V1("b.json", """{"annotations":{"^absent$":"^b$"}}"""),
                TestHooks.V1("c.json", """{"annotations":{"^c$":"^(d|e)$"},"commands":["^/bin/bash$"]}"""),
            ],
            strictMatching: false);
        var input = HookConditionTests.Input("/bin/sh", "a=b;c=d", false);
        catalog.Select(input);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var selection = catalog.Select(input);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Same(HookSelection.None, selection);
        Assert.Equal(0, allocated);
    }
}
