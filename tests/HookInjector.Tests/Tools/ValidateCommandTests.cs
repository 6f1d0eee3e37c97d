using HookInjector.Tests.Extensions;

namespace HookInjector.Tests.Tools;

public sealed class ValidateCommandTests : IClassFixture<IsolatedDirectories>
{
    private const string TestData = "tests/HookInjector.Tests/Tools/testdata";
    private readonly IsolatedDirectories directories;

    public ValidateCommandTests(IsolatedDirectories directories) => this.directories = directories;

    [Theory]
    [InlineData("validate-samples.expected.txt", 1, "validate --hooks-dir samples/hooks.d --rules-dir samples/rules.d")]
    [InlineData("validate-samples-ignoring-paths.expected.json", 0, "validate --hooks-dir samples/hooks.d --rules-dir samples/rules.d --ignore-missing-hook-paths --output json")]
    [InlineData("validate-testdata.expected.txt", 0, $"validate --hooks-dir {TestData}/hooks.d --rules-dir {TestData}/rules.d")]
    [InlineData("validate-broken.expected.txt", 1, $"validate --hooks-dir {TestData}/broken-hooks.d --hooks-dir {TestData}/hooks.d --rules-dir {TestData}/broken-rules.d")]
    [InlineData("validate-broken.expected.json", 1, $"validate --hooks-dir {TestData}/broken-hooks.d --hooks-dir {TestData}/hooks.d --rules-dir {TestData}/broken-rules.d -o json")]
    [InlineData("validate-missing-directories.expected.txt", 1, $"validate --hooks-dir {TestData}/no-such-hooks.d --rules-dir {TestData}/no-such-rules.d --extensions-dir {TestData}/pods/cronjob.json")]
    public async Task Reports_what_the_plugin_would_skip(string expected, int exitCode, string commandLine)
    {
        var run = await ToolRun.InvokeAsync(commandLine.Split(' '), directories);

        ExpectedOutput.Verify(expected, run);
        Assert.Equal(exitCode, run.ExitCode);
    }

    [Theory]
    [InlineData("validate --output xml", "'xml'")]
    [InlineData("validate --no-such-flag", "--no-such-flag")]
    [InlineData("validate extra-argument", "extra-argument")]
    public async Task A_bad_command_line_is_a_usage_error(string commandLine, string named)
    {
        var run = await ToolRun.InvokeAsync(commandLine.Split(' '), directories);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(named, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_extension_whose_constructor_exits_ends_the_worker_not_validate_which_names_it_and_fails()
    {
        using var extensions = new ExtensionWorkspace();
        extensions.Build("Exiting", ExtensionWorkspace.ExitingInConstructor);

        var run = await ToolRun.InvokeAsync(["validate", "--extensions-dir", extensions.ExtensionsDirectory], directories);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{extensions.FolderOf("Exiting")}: extension Exiting is not loaded: quarantined", run.Output, StringComparison.Ordinal);
        Assert.EndsWith("1 problem: loaded 0 hook files, 0 rules, 0 rule scripts, 0 extension matchers, 0 extension mutators\n", run.Output, StringComparison.Ordinal);
    }
}
