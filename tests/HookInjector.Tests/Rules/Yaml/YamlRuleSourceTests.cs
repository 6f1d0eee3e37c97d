using HookInjector.Abstractions;
using HookInjector.Host.Rules.Yaml;
using HookInjector.Host.Rules.Yaml.Files;
using HookInjector.Tests.Platform;

namespace HookInjector.Tests.Rules.Yaml;

public class YamlRuleSourceTests
{
    private static string Rule(string name, string path = "/bin/hook") =>
        $"- name: {name}\n  hooks: [{{stage: createRuntime, path: {path}}}]\n";

    private static string[] Names(HookInjector.Host.Injection.Sources.SourceSnapshot snapshot) =>
        [.. snapshot.Matchers.Select(entry => entry.Matcher.Name)];

    [Fact]
    public void A_missing_directory_is_an_empty_snapshot_without_problems()
    {
        var snapshot = YamlRuleSource.Load("/nonexistent/hook-injector/rules.d", CancellationToken.None);

        Assert.Empty(snapshot.Matchers);
        Assert.Empty(snapshot.Mutators);
        Assert.Empty(snapshot.Problems);
    }

    [Fact]
    public void A_directory_path_that_is_a_file_is_a_problem()
    {
        using var directory = new TempDirectory();
        var file = directory.Write("not-a-directory", "");

        var problem = Assert.Single(YamlRuleSource.Load(file, CancellationToken.None).Problems);

        Assert.Equal(file, problem.File);
        Assert.Contains("not a directory", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_come_in_ordinal_file_name_order_then_in_written_order_with_their_rule_origin()
    {
        using var directory = new TempDirectory();
        directory.Write("b.yaml", Rule("b1") + Rule("b2"));
        directory.Write("A.yml", Rule("a-upper"));
        directory.Write("a.yaml", Rule("a-lower"));
        directory.Write("10-x.yaml", Rule("ten"));
        directory.Write("9-x.yaml", Rule("nine"));

        var snapshot = YamlRuleSource.Load(directory.Path, CancellationToken.None);

        Assert.Empty(snapshot.Problems);
        Assert.Equal(["ten", "nine", "a-upper", "a-lower", "b1", "b2"], Names(snapshot));
        Assert.All(snapshot.Matchers, entry => Assert.Equal(new HookOrigin(HookSourceKind.Rule, entry.Matcher.Name), entry.Origin));
    }

    [Fact]
    public void Only_visible_yaml_and_yml_files_are_read()
    {
        using var directory = new TempDirectory();
        directory.Write("rules.yaml", Rule("yaml"));
        directory.Write("rules.yml", Rule("yml"));
        directory.Write("rules.json", Rule("json"));
        directory.Write("rules.yaml.bak", Rule("backup"));
        directory.Write("RULES.YAML", Rule("upper-case-extension"));
        directory.Write(".hidden.yaml", Rule("hidden"));
        Directory.CreateDirectory(Path.Combine(directory.Path, "nested.yaml"));
        Directory.CreateDirectory(Path.Combine(directory.Path, "sub"));
        File.WriteAllText(Path.Combine(directory.Path, "sub", "deep.yaml"), Rule("deep"));

        var snapshot = YamlRuleSource.Load(directory.Path, CancellationToken.None);

        Assert.Empty(snapshot.Problems);
        Assert.Equal(["yaml", "yml"], Names(snapshot));
    }

    [Fact]
    public void A_symbolic_link_is_followed_as_in_a_mounted_ConfigMap()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(directory.Path, "..data"));
        File.WriteAllText(Path.Combine(directory.Path, "..data", "gpu.yaml"), Rule("gpu"));
        File.CreateSymbolicLink(Path.Combine(directory.Path, "gpu.yaml"), Path.Combine("..data", "gpu.yaml"));

        var snapshot = YamlRuleSource.Load(directory.Path, CancellationToken.None);

        Assert.Empty(snapshot.Problems);
        Assert.Equal(["gpu"], Names(snapshot));
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_a_problem_and_the_others_still_load()
    {
        using var directory = new TempDirectory();
        directory.Write("a.yaml", Rule("a"));
        var dangling = Path.Combine(directory.Path, "b.yaml");
        File.CreateSymbolicLink(dangling, "/nonexistent/target.yaml");
        directory.Write("c.yaml", Rule("c"));

        var snapshot = YamlRuleSource.Load(directory.Path, CancellationToken.None);

        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal(dangling, problem.File);
        Assert.StartsWith("cannot read the file: ", problem.Message, StringComparison.Ordinal);
        Assert.Equal(["a", "c"], Names(snapshot));
    }

    [Fact]
    public void A_file_with_a_syntax_error_gives_one_problem_and_leaves_other_files_alone()
    {
        using var directory = new TempDirectory();
        directory.Write("a.yaml", Rule("a"));
        var broken = directory.Write("b.yaml", "- name: b\n  hooks: [\n");
        directory.Write("c.yaml", Rule("c"));

        var snapshot = YamlRuleSource.Load(directory.Path, CancellationToken.None);

        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal((broken, 3, 1), (problem.File, problem.Line, problem.Column));
        Assert.Equal(["a", "c"], Names(snapshot));
    }

    [Fact]
    public void A_file_over_the_size_limit_is_a_problem()
    {
        using var directory = new TempDirectory();
        var padding = "# " + new string('x', SourceDirectoryReader.MaxFileBytes) + "\n";
        var large = directory.Write("large.yaml", Rule("large") + padding);
        var exact = directory.Write("exact.yaml", Rule("exact").PadRight(SourceDirectoryReader.MaxFileBytes, ' '));

        var snapshot = YamlRuleSource.Load(directory.Path, CancellationToken.None);

        Assert.Equal(SourceDirectoryReader.MaxFileBytes, new FileInfo(exact).Length);
        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal(large, problem.File);
        Assert.Equal($"file is larger than the limit of {SourceDirectoryReader.MaxFileBytes} bytes", problem.Message);
        Assert.Equal(["exact"], Names(snapshot));
    }

    [Fact]
    public void A_file_that_is_not_UTF8_is_a_problem_naming_the_offset()
    {
        using var directory = new TempDirectory();
        var latin1 = directory.Write("latin1.yaml", [.. "- name: caf"u8.ToArray(), 0xE9, (byte)'\n']);

        var problem = Assert.Single(YamlRuleSource.Load(directory.Path, CancellationToken.None).Problems);

        Assert.Equal(latin1, problem.File);
        Assert.Equal("file is not valid UTF-8 (invalid byte at offset 11)", problem.Message);
    }

    [Fact]
    public void A_byte_order_mark_is_accepted()
    {
        using var directory = new TempDirectory();
        directory.Write("bom.yaml", [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(Rule("bom"))]);

        var snapshot = YamlRuleSource.Load(directory.Path, CancellationToken.None);

        Assert.Empty(snapshot.Problems);
        Assert.Equal(["bom"], Names(snapshot));
    }

    [Fact]
    public void A_duplicate_name_in_a_later_file_is_reported_there_and_the_first_rule_stays()
    {
        using var directory = new TempDirectory();
        var first = directory.Write("10-first.yaml", Rule("gpu", "/bin/first"));
        var second = directory.Write("20-second.yaml", Rule("other") + Rule("gpu", "/bin/second"));

        var snapshot = YamlRuleSource.Load(directory.Path, CancellationToken.None);

        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal((second, 3, 9), (problem.File, problem.Line, problem.Column));
        Assert.Equal($"rule \"gpu\": duplicate rule name, first defined at {first}:1:9; this rule is ignored", problem.Message);
        Assert.Equal(["gpu", "other"], Names(snapshot));
        Assert.Equal("/bin/first", ((HookInjector.Host.Rules.Yaml.Matching.CompiledRule)snapshot.Matchers[0].Matcher).Hooks[0].Hook.Path);
    }

    [Fact]
    public void A_duplicate_name_within_a_file_is_reported_on_the_later_rule()
    {
        using var directory = new TempDirectory();
        var file = directory.Write("rules.yaml", Rule("x", "/bin/one") + Rule("x", "/bin/two"));

        var snapshot = YamlRuleSource.Load(directory.Path, CancellationToken.None);

        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal((file, 3, 9), (problem.File, problem.Line, problem.Column));
        Assert.Equal(["x"], Names(snapshot));
    }

    [Fact]
    public void An_invalid_rule_still_claims_its_name_so_fixing_it_never_silently_drops_another()
    {
        using var directory = new TempDirectory();
        directory.Write("a.yaml", Rule("x", "relative/path"));
        directory.Write("b.yaml", Rule("x"));

        var snapshot = YamlRuleSource.Load(directory.Path, CancellationToken.None);

        Assert.Equal(2, snapshot.Problems.Length);
        Assert.Contains("must be an absolute path", snapshot.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("duplicate rule name", snapshot.Problems[1].Message, StringComparison.Ordinal);
        Assert.Empty(snapshot.Matchers);
    }

    [Fact]
    public void Several_documents_and_both_file_shapes_are_read_in_order()
    {
        using var directory = new TempDirectory();
        directory.Write("multi.yaml", $"""
            # leading comment, then a list of rules
            {Rule("one")}---
            rules:
            {Rule("two")}---
            # an empty document is allowed
            ---
            rules: []
            ...
            ---
            {Rule("three")}
            """);

        var snapshot = YamlRuleSource.Load(directory.Path, CancellationToken.None);

        Assert.Empty(snapshot.Problems);
        Assert.Equal(["one", "two", "three"], Names(snapshot));
    }

    [Fact]
    public void A_document_of_the_wrong_shape_is_skipped_and_the_other_documents_stay()
    {
        using var directory = new TempDirectory();
        var file = directory.Write("multi.yaml", $"{Rule("one")}---\njust text\n---\n{Rule("two")}");

        var snapshot = YamlRuleSource.Load(directory.Path, CancellationToken.None);

        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal((file, 4, 1), (problem.File, problem.Line, problem.Column));
        Assert.Equal(["one", "two"], Names(snapshot));
    }

    [Fact]
    public void An_empty_or_comment_only_file_has_no_rules_and_no_problems()
    {
        using var directory = new TempDirectory();
        directory.Write("empty.yaml", "");
        directory.Write("comments.yaml", "# nothing here yet\n");

        var snapshot = YamlRuleSource.Load(directory.Path, CancellationToken.None);

        Assert.Empty(snapshot.Problems);
        Assert.Empty(snapshot.Matchers);
    }

    [Fact]
    public void Windows_line_endings_are_read_like_any_other()
    {
        using var directory = new TempDirectory();
        var file = directory.Write("crlf.yaml", (Rule("ok") + Rule("bad", "relative")).Replace("\n", "\r\n", StringComparison.Ordinal));

        var snapshot = YamlRuleSource.Load(directory.Path, CancellationToken.None);

        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal((file, 4, 40), (problem.File, problem.Line, problem.Column));
        Assert.Equal(["ok"], Names(snapshot));
    }

    [Fact]
    public void A_FIFO_named_like_a_rule_file_is_a_problem_instead_of_a_hang()
    {
        using var directory = new TempDirectory();
        directory.Write("a.yaml", Rule("a"));
        var fifo = Fifo.Create(System.IO.Path.Combine(directory.Path, "x.yaml"));

        var snapshot = YamlRuleSource.Load(directory.Path, CancellationToken.None);

        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal(fifo, problem.File);
        Assert.Equal("cannot read the file: not a regular file (FIFO); refusing to read it", problem.Message);
        Assert.Equal(["a"], Names(snapshot));
    }

    [Fact]
    public void A_cancelled_load_stops_before_reading_files()
    {
        using var directory = new TempDirectory();
        directory.Write("a.yaml", Rule("a"));

        Assert.Throws<OperationCanceledException>(() => YamlRuleSource.Load(directory.Path, new CancellationToken(canceled: true)));
    }
}
