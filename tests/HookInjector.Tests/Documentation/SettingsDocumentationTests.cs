using HookInjector.Tests.Tools;

namespace HookInjector.Tests.Documentation;

/// <summary>
/// The documents list exactly the settings of <see cref="Host.Configuration.SettingsTable"/>: each
/// holds the table made from it, between <c>&lt;!-- settings:NAME --&gt;</c> and
/// <c>&lt;!-- /settings --&gt;</c>. After a change of the table, run the tests once with
/// HOOK_INJECTOR_UPDATE_EXPECTED=1 to rewrite them, then review the difference.
/// </summary>
public sealed class SettingsDocumentationTests
{
    private const string End = "<!-- /settings -->";

    public static TheoryData<string, string> Tables() => new()
    {
        { "README.md", "flags" },
        { "docs/deployment.md", "keys" },
        { "samples/deploy/preinstalled/README.md", "keys" },
    };

    [Theory]
    [MemberData(nameof(Tables))]
    public void The_document_holds_the_table_made_from_the_settings(string document, string table)
    {
        var expected = table == "flags" ? SettingsMarkdown.FlagsTable() : SettingsMarkdown.KeysTable();
        var path = RepositoryRoot.Of(document);
        var text = File.ReadAllText(path);
        var start = $"<!-- settings:{table} -->";
        var from = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"{document} has no {start}");
        from += start.Length + 1;
        var to = text.IndexOf(End, from, StringComparison.Ordinal);
        Assert.True(to >= 0, $"{document}: {start} is never closed by {End}");
        if (Environment.GetEnvironmentVariable("HOOK_INJECTOR_UPDATE_EXPECTED") == "1")
        {
            File.WriteAllText(path, text[..from] + expected + "\n" + text[to..]);
            text = File.ReadAllText(path);
            to = text.IndexOf(End, from, StringComparison.Ordinal);
        }

        Assert.Equal(expected, text[from..to].TrimEnd('\n'));
    }

    [Fact]
    public void The_sample_drop_in_configuration_shows_every_key()
    {
        var sample = File.ReadAllLines(RepositoryRoot.Of("samples/deploy/preinstalled/10-hook-injector.conf"));
        var shown = sample.Select(line => line.TrimStart('#', ' ')).Where(line => line.Contains(':', StringComparison.Ordinal) && !line.StartsWith('-'))
            .Select(line => line[..line.IndexOf(':', StringComparison.Ordinal)]);

        Assert.Equal(Host.Configuration.SettingsTable.FileKeys.Order(StringComparer.Ordinal), shown.Where(Host.Configuration.SettingsTable.FileKeys.Contains).Order(StringComparer.Ordinal));
    }
}
