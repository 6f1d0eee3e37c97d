using System.CommandLine;
using HookInjector.Host.Cli;

namespace HookInjector.Tests.Tools;

/// <summary><c>--config FILE</c> in every mode: validate checks the file, explain and the plugin read it, flags given override it.</summary>
public sealed class ConfigFileCommandTests : IClassFixture<IsolatedDirectories>, IDisposable
{
    private const string TestData = "tests/HookInjector.Tests/Tools/testdata";
    private const string Summary = "loaded 0 hook files, 0 rules, 0 rule scripts, 0 extension matchers, 0 extension mutators";
    private readonly IsolatedDirectories directories;
    private readonly string folder = Directory.CreateTempSubdirectory("hook-injector-config-").FullName;

    public ConfigFileCommandTests(IsolatedDirectories directories) => this.directories = directories;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string WriteConfig(string text)
    {
        var path = Path.Join(folder, "config.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The extensions and script cache of the isolated directories, so the machine's own never leak in.</summary>
    private string IsolatedRest => $"extensionsDir: {directories.For("--extensions-dir")}\nscriptCacheDir: {directories.For("--script-cache-dir")}\n";

    private static async Task<ToolRun> InvokeAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CommandLine.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return new ToolRun(exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Validate_loads_the_sources_the_file_names()
    {
        var config = WriteConfig($"hooksDirs: [{RepositoryRoot.Of($"{TestData}/hooks.d")}]\nrulesDir: {RepositoryRoot.Of($"{TestData}/rules.d")}\n{IsolatedRest}");

        var run = await InvokeAsync("validate", "--config", config);

        Assert.Equal("OK: loaded 5 hook files, 2 rules, 0 rule scripts, 0 extension matchers, 0 extension mutators\n", run.Output);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task Validate_names_every_mistake_of_the_file_and_fails()
    {
        var config = WriteConfig($"{IsolatedRest}strict: maybe\nhookDirs: [/a]\n");

        var run = await InvokeAsync("validate", "--config", config);

        Assert.Equal(
            $"{config}:3:9: strict: expected true or false, not \"maybe\"\n" +
            $"{config}:4:1: unknown key \"hookDirs\" (expected hooksDirs, disableWatch, strict, bindMounts, rulesDir, scriptCacheDir, extensionsDir, workerPath, verbose, logFile, logFormat, logLevel, metricsAddress, hostRoot); did you mean \"hooksDirs\"?\n" +
            $"2 problems: {Summary}\n",
            run.Output);
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public async Task Validate_reports_a_bad_file_in_json_as_well()
    {
        var config = WriteConfig("logLevel: info\n");

        var run = await InvokeAsync("validate", "--config", config, "-o", "json");

        Assert.Contains("\"source\": \"configuration\"", run.Output, StringComparison.Ordinal);
        Assert.Contains("\"message\": \"logLevel: expected trace, debug, information, warning or error, not \\\"info\\\"\"", run.Output, StringComparison.Ordinal);
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public async Task Validate_fails_on_a_file_that_cannot_be_read()
    {
        var missing = Path.Join(folder, "no-such.yaml");

        var run = await InvokeAsync("validate", "--config", missing);

        Assert.Equal($"{missing}: cannot read the configuration file: no such file\n1 problem: {Summary}\n", run.Output);
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public async Task A_directory_the_file_names_must_exist_like_one_named_by_a_flag()
    {
        var missing = Path.Join(folder, "no-such-rules.d");
        var config = WriteConfig($"rulesDir: {missing}\nhooksDirs: [{directories.For("--hooks-dir")}]\n{IsolatedRest}");

        var run = await InvokeAsync("validate", "--config", config);

        Assert.StartsWith($"{missing}: directory does not exist\n1 problem", run.Output, StringComparison.Ordinal);
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public async Task A_flag_given_overrides_the_file()
    {
        var config = WriteConfig($"rulesDir: {Path.Join(folder, "no-such-rules.d")}\nhooksDirs: [{Path.Join(folder, "no-such-hooks.d")}]\n{IsolatedRest}");

        var run = await InvokeAsync(
            "validate", "--config", config, "--rules-dir", RepositoryRoot.Of($"{TestData}/rules.d"), "--hooks-dir", RepositoryRoot.Of($"{TestData}/hooks.d"));

        Assert.Equal("OK: loaded 5 hook files, 2 rules, 0 rule scripts, 0 extension matchers, 0 extension mutators\n", run.Output);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task Explain_takes_the_plugin_s_settings_from_the_file()
    {
        var config = WriteConfig("bindMounts: any\n");

        var run = await ToolRun.InvokeAsync(
            ["explain", "--config", config, "--hooks-dir", $"{TestData}/hooks.d", "--rules-dir", $"{TestData}/rules.d", $"{TestData}/pods/conditions.yaml"], directories);

        ExpectedOutput.Verify("explain-conditions-any-mount.expected.txt", run);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task Explain_stops_on_a_bad_file_naming_it()
    {
        var config = WriteConfig("bindMounts: some\n");

        var run = await InvokeAsync("explain", "--config", config, RepositoryRoot.Of($"{TestData}/pods/conditions.yaml"));

        Assert.Equal($"hook-injector explain: {config}:1:13: bindMounts: expected requested or any, not \"some\"\n", run.Error);
        Assert.Equal("", run.Output);
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public async Task The_plugin_refuses_to_start_with_a_bad_file_naming_it()
    {
        var config = WriteConfig("metricsAddress: [\":9464\"]\n");

        var run = await InvokeAsync("--config", config);

        Assert.Equal($"hook-injector: {config}:1:17: metricsAddress: expected HOST:PORT, got a list\n", run.Error);
        Assert.Equal(1, run.ExitCode);
    }
}
