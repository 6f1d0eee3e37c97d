using System.Text.Json;
using System.Text.Json.Serialization;

namespace HookInjector.Tests.GoRegex;

/// <summary>corpus/corpus.json: Go's own verdicts for the cases in corpus/cases.txt (see corpus/main.go).</summary>
internal sealed record GoRegexCorpus(
    [property: JsonPropertyName("goVersion")] string GoVersion,
    [property: JsonPropertyName("cases")] IReadOnlyList<GoRegexCorpusCase> Cases)
{
    private static readonly Lazy<GoRegexCorpus> Loaded = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "GoRegex", "corpus", "corpus.json");
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<GoRegexCorpus>(stream)
            ?? throw new InvalidDataException($"{path} is empty.");
    });

    public static GoRegexCorpus Instance => Loaded.Value;
}

internal sealed record GoRegexCorpusCase(
    [property: JsonPropertyName("line")] int Line,
    [property: JsonPropertyName("pattern")] string Pattern,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("inputs")] IReadOnlyList<GoRegexCorpusInput>? Inputs);

internal sealed record GoRegexCorpusInput(
    [property: JsonPropertyName("input")] string Input,
    [property: JsonPropertyName("match")] bool Match);
