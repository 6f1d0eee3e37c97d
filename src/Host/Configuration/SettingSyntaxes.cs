using HookInjector.Host.Metrics.Endpoint;

namespace HookInjector.Host.Configuration;

/// <summary>The kinds of value the settings take.</summary>
internal static class SettingSyntaxes
{
    public static readonly SettingValueSyntax<bool> Boolean = new(
        "true|false",
        "true or false",
        (string text, out bool value) =>
        {
            value = string.Equals(text, "true", StringComparison.OrdinalIgnoreCase);
            return value || string.Equals(text, "false", StringComparison.OrdinalIgnoreCase) ? null : $"expected true or false, not \"{text}\"";
        },
        value => value ? "true" : "false");

    public static readonly SettingValueSyntax<MetricsAddress?> MetricsAddress = new(
        "HOST:PORT",
        "HOST:PORT",
        (string text, out MetricsAddress? value) => Metrics.Endpoint.MetricsAddress.TryParse(text, out value, out var error) ? null : error,
        value => value?.ToString() ?? "");

    /// <summary>Any non-empty text.</summary>
    public static SettingValueSyntax<string?> Text(string helpName) => new(
        helpName,
        "a non-empty string",
        (string text, out string? value) =>
        {
            value = text;
            return text.Length > 0 ? null : "expected a non-empty string";
        },
        value => value ?? "");

    /// <summary>A path, relative ones taken from the working directory.</summary>
    public static SettingValueSyntax<string?> Path(string helpName) => Text(helpName) with { Expected = "a path" };

    /// <summary>
    /// A path from the root: for paths the plugin uses after it was started by others (a runtime, a
    /// unit file) in a working directory nobody chose.
    /// </summary>
    public static SettingValueSyntax<string?> AbsolutePath(string helpName) => new(
        helpName,
        "an absolute path",
        (string text, out string? value) =>
        {
            value = text;
            return text is ['/', ..] ? null : $"expected an absolute path (starting with /), not \"{text}\"";
        },
        value => value ?? "");

    /// <summary>One of a few words, each naming a value.</summary>
    public static SettingValueSyntax<T> Choice<T>(params IReadOnlyList<(string Word, T Value)> choices)
        where T : struct, Enum
    {
        var words = string.Join("|", choices.Select(choice => choice.Word));
        var expected = string.Join(", ", choices.Select(choice => choice.Word).SkipLast(1)) + $" or {choices[^1].Word}";
        return new(
            words,
            expected,
            (string text, out T value) =>
            {
                foreach (var (word, choice) in choices)
                {
                    if (word == text)
                    {
                        value = choice;
                        return null;
                    }
                }
                value = default;
                return $"expected {expected}, not \"{text}\"";
            },
            value => choices.First(choice => EqualityComparer<T>.Default.Equals(choice.Value, value)).Word);
    }
}
