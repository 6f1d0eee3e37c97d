using HookInjector.Host.GoRegex;

namespace HookInjector.Tests.GoRegex;

/// <summary>
/// Checks the Go-regexp implementation against results recorded from real Go (corpus/corpus.json): the same
/// accept/reject decision with the same error text, and the same MatchString result for every input.
/// </summary>
public sealed class GoRegexpCorpusTests
{
    public static TheoryData<int, string> Cases()
    {
        var data = new TheoryData<int, string>();
        var cases = GoRegexCorpus.Instance.Cases;
        for (var i = 0; i < cases.Count; i++)
        {
            data.Add(i, Abbreviate(cases[i].Pattern));
        }

        return data;
    }

    [Fact]
    public void CorpusCoversSeveralHundredCases()
    {
        var cases = GoRegexCorpus.Instance.Cases;
        Assert.True(cases.Count >= 500, $"only {cases.Count} cases");
        Assert.True(cases.Sum(c => c.Inputs?.Count ?? 0) >= 1000);
        Assert.Contains(cases, c => c.Error is not null);
        Assert.StartsWith("go1.23.", GoRegexCorpus.Instance.GoVersion, StringComparison.Ordinal);
    }

    /// <param name="index">The case in corpus.json.</param>
    /// <param name="pattern">Only there to name the case in test reports.</param>
    [Theory]
    [MemberData(nameof(Cases))]
    public void BehavesLikeGo(int index, string pattern)
    {
        _ = pattern;
        var expected = GoRegexCorpus.Instance.Cases[index];

        var compiled = GoRegexp.TryCompile(expected.Pattern, out var regexp, out var error);
        Assert.True(
            compiled == (expected.Error is null) && error == expected.Error,
            $"cases.txt line {expected.Line}: Go says {expected.Error ?? "ok"}, we say {error ?? "ok"}");
        if (regexp is null)
        {
            return;
        }

        var wrong = (expected.Inputs ?? [])
            .Where(input => regexp.IsMatch(input.Input) != input.Match)
            .Select(input => $"{Show(input.Input)} (Go: {input.Match})")
            .ToList();
        Assert.True(wrong.Count == 0, $"cases.txt line {expected.Line}: wrong on {string.Join(", ", wrong)}");
    }

    private static string Abbreviate(string text) =>
        text.Length <= 80 ? text : text[..(char.IsHighSurrogate(text[79]) ? 79 : 80)] + "…";

    private static string Show(string input) =>
        System.Text.Json.JsonSerializer.Serialize(input.Length <= 40 ? input : input[..40] + "…");
}
