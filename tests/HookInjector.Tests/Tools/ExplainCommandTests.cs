namespace HookInjector.Tests.Tools;

public sealed class ExplainCommandTests : IClassFixture<IsolatedDirectories>
{
    private const string TestData = "tests/HookInjector.Tests/Tools/testdata";
    private const string TestSources = $"--hooks-dir {TestData}/hooks.d --rules-dir {TestData}/rules.d";
    private const string Samples = "--hooks-dir samples/hooks.d --rules-dir samples/rules.d";
    private readonly IsolatedDirectories directories;

    public ExplainCommandTests(IsolatedDirectories directories) => this.directories = directories;

    [Theory]
    [InlineData("explain-traced-pod.expected.txt", $"explain {Samples} samples/pods/traced-pod.yaml")]
    [InlineData("explain-traced-pod.expected.json", $"explain {Samples} --output json samples/pods/traced-pod.yaml")]
    [InlineData("explain-traced-pod.expected.yaml", $"explain {Samples} --output yaml samples/pods/traced-pod.yaml")]
    [InlineData("explain-ml-trainer.expected.txt", $"explain {Samples} --ignore-missing-hook-paths samples/pods/ml-trainer.yaml")]
    [InlineData("explain-conditions.expected.txt", $"explain {TestSources} {TestData}/pods/conditions.yaml")]
    [InlineData("explain-conditions.expected.json", $"explain {TestSources} -o json {TestData}/pods/conditions.yaml")]
    [InlineData("explain-conditions-any-mount.expected.txt", $"explain {TestSources} --bind-mounts any {TestData}/pods/conditions.yaml")]
    [InlineData("explain-cronjob.expected.txt", $"explain {TestSources} {TestData}/pods/cronjob.json")]
    public async Task Explains_every_container_of_the_manifest(string expected, string commandLine)
    {
        var run = await ToolRun.InvokeAsync(commandLine.Split(' '), directories);

        ExpectedOutput.Verify(expected, run);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task Explains_extension_matchers_and_mutators()
    {
        var extensions = Path.Join(AppContext.BaseDirectory, "extensions");

        var run = await ToolRun.InvokeAsync(["explain", "--hooks-dir", $"{TestData}/hooks.d", "--extensions-dir", extensions, $"{TestData}/pods/cronjob.json"], directories);

        ExpectedOutput.Verify("explain-extension.expected.txt", run);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task Reads_the_manifest_from_standard_input_for_a_dash()
    {
        var original = Console.In;
        Console.SetIn(new StringReader(File.ReadAllText(RepositoryRoot.Of($"{TestData}/pods/cronjob.json"))));
        try
        {
            var run = await ToolRun.InvokeAsync(["explain", "--hooks-dir", $"{TestData}/hooks.d", "--rules-dir", $"{TestData}/rules.d", "-"], directories);

            ExpectedOutput.Verify("explain-cronjob.expected.txt", run);
            Assert.Equal(0, run.ExitCode);
        }
        finally
        {
            Console.SetIn(original);
        }
    }

    [Theory]
    [InlineData("explain-malformed.expected.txt", "malformed.yaml")]
    [InlineData("explain-unterminated.expected.txt", "unterminated.yaml")]
    [InlineData("explain-service.expected.txt", "service.yaml")]
    [InlineData("explain-no-containers.expected.txt", "no-containers.yaml")]
    [InlineData("explain-nameless-container.expected.txt", "nameless-container.yaml")]
    [InlineData("explain-unquoted-label.expected.txt", "unquoted-label.yaml")]
    [InlineData("explain-no-kind.expected.txt", "no-kind.yaml")]
    [InlineData("explain-missing-file.expected.txt", "no-such-manifest.yaml")]
    public async Task A_manifest_that_cannot_be_explained_gets_one_clear_message(string expected, string manifest)
    {
        var run = await ToolRun.InvokeAsync(["explain", $"{TestData}/broken/{manifest}"], directories);

        ExpectedOutput.Verify(expected, run);
        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Output);
    }

    [Theory]
    [InlineData("explain", "Required argument missing")]
    [InlineData("explain --output xml samples/pods/traced-pod.yaml", "'xml'")]
    [InlineData("explain --bind-mounts some samples/pods/traced-pod.yaml", "--bind-mounts: expected requested or any, not \"some\"")]
    public async Task A_bad_command_line_is_a_usage_error(string commandLine, string named)
    {
        var run = await ToolRun.InvokeAsync(commandLine.Split(' '), directories);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(named, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_FIFO_given_as_the_manifest_is_refused_instead_of_waiting_for_a_writer()
    {
        var scratch = Directory.CreateTempSubdirectory("hook-injector-explain-");
        try
        {
            var fifo = Platform.Fifo.Create(Path.Join(scratch.FullName, "pod.yaml"));

            var run = await ToolRun.InvokeAsync(["explain", fifo], directories);

            Assert.Equal(1, run.ExitCode);
            Assert.Equal($"hook-injector explain: {fifo}: cannot read the file: not a regular file (FIFO); refusing to read it (use - to read standard input)\n", run.Error);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }
}
