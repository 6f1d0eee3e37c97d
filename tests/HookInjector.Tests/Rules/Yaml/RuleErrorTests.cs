namespace HookInjector.Tests.Rules.Yaml;

/// <summary>Each bad input is reported once, at the exact line and column of the mistake, and its rule is skipped.</summary>
public class RuleErrorTests
{
    [Theory]
    // Unknown keys, with a hint for near misses.
    [InlineData("- name: r\n  matches: {}\n" + RuleText.OneHook, 2, 3, "rule \"r\": unknown key \"matches\" (expected name, description, match, hooks); did you mean \"match\"?")]
    [InlineData("- name: r\n  match: {namespace: [a]}\n" + RuleText.OneHook, 2, 11, "rule \"r\": match: unknown key \"namespace\"")]
    [InlineData("- name: r\n  match:\n    podSelector:\n      matchLabel: {a: b}\n" + RuleText.OneHook, 4, 7, "match.podSelector: unknown key \"matchLabel\" (expected matchLabels, matchExpressions); did you mean \"matchLabels\"?")]
    [InlineData("- name: r\n  hooks:\n  - {stage: poststop, path: /bin/x, arg: [a]}\n", 3, 37, "hooks[0]: unknown key \"arg\"")]
    [InlineData("- name: r\n  match: {podSelector: {matchExpressions: [{key: a, operator: Exists, value: [x]}]}}\n" + RuleText.OneHook, 2, 71, "match.podSelector.matchExpressions[0]: unknown key \"value\"")]
    // Wrong types.
    [InlineData("- name: r\n  match: [default]\n" + RuleText.OneHook, 2, 10, "rule \"r\": match: expected a mapping, got a list")]
    [InlineData("- name: r\n  match: {namespaces: default}\n" + RuleText.OneHook, 2, 23, "match.namespaces: expected a list, got a string")]
    [InlineData("- name: r\n  match: {podSelector: {matchLabels: {gpu: true}}}\n" + RuleText.OneHook, 2, 44, "match.podSelector.matchLabels.gpu: expected a string, got a boolean (true); quote it if you mean the string")]
    [InlineData("- name: r\n  match: {podSelector: {matchLabels: {gpu: yes}}}\n" + RuleText.OneHook, 2, 44, "got a boolean (yes)")]
    [InlineData("- name: r\n  match: {podSelector: {matchLabels: {v: 1.5}}}\n" + RuleText.OneHook, 2, 42, "got a number (1.5)")]
    [InlineData("- name: r\n  hooks:\n  - {stage: poststop, path: /bin/x, args: [x, 8080]}\n", 3, 47, "hooks[0].args[1]: expected a string, got an integer (8080)")]
    [InlineData("- name: r\n  hooks:\n  - {stage: poststop, path: /bin/x, timeout: \"5\"}\n", 3, 46, "hooks[0].timeout: expected a positive whole number, got a string")]
    [InlineData("- name: r\n  hooks:\n  - {stage: poststop, path: /bin/x, timeout: 0}\n", 3, 46, "hooks[0].timeout: expected a positive whole number, got an integer (0)")]
    [InlineData("- name: r\n  hooks:\n  - {stage: poststop, path: /bin/x, timeout: 2.5}\n", 3, 46, "got a number (2.5)")]
    [InlineData("- name: r\n  hooks:\n  - {stage: poststop, path: /bin/x, timeout: 99999999999}\n", 3, 46, "got an integer (99999999999)")]
    [InlineData("- name: r\n  description:\n" + RuleText.OneHook, 2, 15, "description: expected a string, got null")]
    [InlineData("- name: r\n  hooks: {stage: poststop}\n", 2, 10, "hooks: expected a list, got a mapping")]
    [InlineData("- just-a-string\n", 1, 3, "rule #1: expected a mapping, got a string")]
    // Bad operators and values for them.
    [InlineData("- name: r\n  match: {podSelector: {matchExpressions: [{key: a, operator: in, values: [x]}]}}\n" + RuleText.OneHook, 2, 63, "match.podSelector.matchExpressions[0].operator: unknown operator \"in\" (expected In, NotIn, Exists, DoesNotExist); did you mean \"In\"?")]
    [InlineData("- name: r\n  match: {podSelector: {matchExpressions: [{key: a, operator: Gt, values: [\"1\"]}]}}\n" + RuleText.OneHook, 2, 63, "unknown operator \"Gt\"")]
    [InlineData("- name: r\n  match: {podSelector: {matchExpressions: [{key: a, operator: In}]}}\n" + RuleText.OneHook, 2, 44, "matchExpressions[0].values: operator In needs at least one value")]
    [InlineData("- name: r\n  match: {podSelector: {matchExpressions: [{key: a, operator: NotIn, values: []}]}}\n" + RuleText.OneHook, 2, 78, "operator NotIn needs at least one value")]
    [InlineData("- name: r\n  match: {podSelector: {matchExpressions: [{key: a, operator: Exists, values: [x]}]}}\n" + RuleText.OneHook, 2, 79, "operator Exists takes no values")]
    [InlineData("- name: r\n  match: {podSelector: {matchExpressions: [{key: a, operator: DoesNotExist, values: [x]}]}}\n" + RuleText.OneHook, 2, 85, "operator DoesNotExist takes no values")]
    // Missing required keys: reported at the mapping that lacks them.
    [InlineData("- description: nameless\n" + RuleText.OneHook, 1, 3, "rule #1: missing required key \"name\"")]
    [InlineData("- name: r\n", 1, 3, "rule \"r\": missing required key \"hooks\"")]
    [InlineData("- name: r\n  hooks:\n  - {stage: poststop}\n", 3, 5, "hooks[0]: missing required key \"path\"")]
    [InlineData("- name: r\n  hooks:\n  - {path: /bin/x}\n", 3, 5, "hooks[0]: missing required key \"stage\"")]
    [InlineData("- name: r\n  match: {podSelector: {matchExpressions: [{operator: Exists}]}}\n" + RuleText.OneHook, 2, 44, "matchExpressions[0]: missing required key \"key\"")]
    [InlineData("- name: r\n  match: {podSelector: {matchExpressions: [{key: a}]}}\n" + RuleText.OneHook, 2, 44, "matchExpressions[0]: missing required key \"operator\"")]
    // Duplicate keys: reported at the second one.
    [InlineData("- name: r\n  name: s\n" + RuleText.OneHook, 2, 3, "duplicate key \"name\" (first at line 1, column 3)")]
    [InlineData("- name: r\n  match: {podSelector: {matchLabels: {a: x, a: y}}}\n" + RuleText.OneHook, 2, 45, "match.podSelector.matchLabels: duplicate key \"a\"")]
    [InlineData("- name: r\n  match: {annotations: {a: x, a: y}}\n" + RuleText.OneHook, 2, 31, "match.annotations: duplicate key \"a\"")]
    // Hook values.
    [InlineData("- name: r\n  hooks:\n  - {stage: poststop, path: bin/x}\n", 3, 29, "hooks[0].path: must be an absolute path, got \"bin/x\"")]
    [InlineData("- name: r\n  hooks:\n  - {stage: preStart, path: /bin/x}\n", 3, 13, "hooks[0].stage: unknown stage \"preStart\" (expected prestart, createRuntime, createContainer, startContainer, poststart, poststop); did you mean \"prestart\"?")]
    [InlineData("- name: r\n  hooks:\n  - {stage: poststop, path: /bin/x, env: [\"A=1\", NOEQUALS]}\n", 3, 50, "hooks[0].env[1]: must be NAME=value, got \"NOEQUALS\"")]
    [InlineData("- name: r\n  hooks:\n  - {stage: poststop, path: /bin/x, env: [\"=x\"]}\n", 3, 43, "hooks[0].env[0]: must be NAME=value")]
    [InlineData("- name: r\n  hooks: []\n", 2, 10, "hooks: must list at least one hook")]
    // Globs and name lists.
    [InlineData("- name: r\n  match: {namespaces: [default, \"ml-[\"]}\n" + RuleText.OneHook, 2, 33, "match.namespaces[1]: invalid glob \"ml-[\": a character class '[' is not closed by ']'")]
    [InlineData("- name: r\n  match: {containers: [\"[z-a]\"]}\n" + RuleText.OneHook, 2, 24, "match.containers[0]: invalid glob \"[z-a]\": the range 'z-a' is reversed")]
    [InlineData("- name: r\n  match: {annotations: {a: \"x[\"}}\n" + RuleText.OneHook, 2, 28, "match.annotations.a: invalid glob")]
    [InlineData("- name: r\n  match: {runtimeHandlers: []}\n" + RuleText.OneHook, 2, 28, "match.runtimeHandlers: must list at least one name")]
    // Kubernetes name syntax.
    [InlineData("- name: r\n  match: {podSelector: {matchLabels: {\"bad key\": x}}}\n" + RuleText.OneHook, 2, 39, "invalid label key: name \"bad key\"")]
    [InlineData("- name: r\n  match: {podSelector: {matchLabels: {Example.com/a: x}}}\n" + RuleText.OneHook, 2, 39, "invalid label key: prefix \"Example.com\" must be a DNS subdomain")]
    [InlineData("- name: r\n  match: {podSelector: {matchLabels: {a: \"-x\"}}}\n" + RuleText.OneHook, 2, 42, "label value \"-x\" must be empty or")]
    [InlineData("- name: r\n  match: {podSelector: {matchExpressions: [{key: a, operator: In, values: [ok, \"bad value\"]}]}}\n" + RuleText.OneHook, 2, 80, "matchExpressions[0].values[1]: label value \"bad value\"")]
    [InlineData("- name: r\n  match: {annotations: {\"a b\": x}}\n" + RuleText.OneHook, 2, 25, "invalid annotation key")]
    [InlineData("- name: \"my rule\"\n" + RuleText.OneHook, 1, 9, "rule \"my rule\": name: \"my rule\" must be 1 to 253 letters")]
    // Document shapes.
    [InlineData("rules: []\nrulez: x\n", 2, 1, "unknown key \"rulez\" (expected rules); did you mean \"rules\"?")]
    [InlineData("rules: {name: r}\n", 1, 8, "rules: expected a list, got a mapping")]
    [InlineData("42\n", 1, 1, "a rule file document must be a list of rules or a mapping with \"rules\", got an integer (42)")]
    public void Reports_the_mistake_at_its_position_and_skips_the_rule(string yaml, int line, int column, string message)
    {
        var result = RuleText.Parse(yaml);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(RuleText.FileName, problem.File);
        Assert.Equal($"{line}:{column}", $"{problem.Line}:{problem.Column}");
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.All(result.Rules, candidate => Assert.Null(candidate.Rule));
    }

    [Fact]
    public void Reports_every_mistake_of_a_rule_at_once()
    {
        var problems = RuleText.Parse("""
            - name: r
              match: {namespaces: [a], container: [b]}
              hooks:
              - {stage: prestrat, path: relative}
            """).Problems;

        Assert.Collection(
            problems,
            problem => AssertProblem(problem, 2, 28, "rule \"r\": match: unknown key \"container\""),
            problem => AssertProblem(problem, 4, 13, "rule \"r\": hooks[0].stage: unknown stage \"prestrat\""),
            problem => AssertProblem(problem, 4, 29, "rule \"r\": hooks[0].path: must be an absolute path"));
    }

    [Fact]
    public void A_bad_rule_is_skipped_and_the_other_rules_of_the_file_stay()
    {
        var result = RuleText.Parse("""
            - name: first
              hooks: [{stage: poststop, path: /bin/a}]
            - name: broken
              hooks: [{stage: poststop, path: b}]
            - name: last
              hooks: [{stage: poststop, path: /bin/c}]
            """);

        Assert.Single(result.Problems);
        Assert.Equal(["first", "last"], result.Rules.Where(candidate => candidate.Rule is not null).Select(candidate => candidate.Rule!.Name));
        Assert.Equal(["first", "broken", "last"], result.Rules.Select(candidate => candidate.Name));
    }

    [Theory]
    [InlineData("- name: r\n  hooks: [\n", 3, 1, "While parsing a node, did not find expected node content")]
    [InlineData("- name: r\n\thooks: []\n", 1, 9, "While scanning a plain scalar, found a tab character")]
    [InlineData("a: b\n  c: d\n", 2, 4, "While scanning a plain scalar value, found invalid mapping")]
    [InlineData("- name: r\n  hooks: *missing\n", 2, 10, "alias *missing refers to no complete anchored node before it")]
    [InlineData("- &a [*a]\n", 1, 7, "alias *a refers to no complete anchored node")]
    [InlineData("- !!int 5\n", 1, 3, "unsupported tag !!int: only !!str is accepted")]
    [InlineData("- !custom {}\n", 1, 3, "unsupported tag !custom")]
    [InlineData("- ? [a]\n  : b\n", 1, 5, "a mapping key must be a string, not a list")]
    public void A_file_that_is_not_valid_YAML_gives_one_problem_and_no_rules(string yaml, int line, int column, string reason)
    {
        var result = RuleText.Parse(yaml);

        AssertProblem(Assert.Single(result.Problems), line, column, $"invalid YAML: {reason}");
        Assert.Empty(result.Rules);
    }

    private static void AssertProblem(HookInjector.Host.Injection.Sources.SourceProblem problem, int line, int column, string messageStart)
    {
        Assert.Equal($"{line}:{column}", $"{problem.Line}:{problem.Column}");
        Assert.StartsWith(messageStart, problem.Message, StringComparison.Ordinal);
    }
}
