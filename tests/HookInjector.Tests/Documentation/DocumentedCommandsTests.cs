using HookInjector.Tests.Tools;

namespace HookInjector.Tests.Documentation;

/// <summary>
/// Runs every <c>$ hook-injector …</c> command shown in a <c>console</c> block of
/// docs/troubleshooting.md and README.md and checks that the block shows exactly what it prints, so the
/// documentation cannot go stale.
/// </summary>
public sealed class DocumentedCommandsTests : IClassFixture<IsolatedDirectories>
{
    private const string Document = "docs/troubleshooting.md";
    private static readonly string[] Documents = [Document, "README.md"];
    private const string Prompt = "$ hook-injector ";
    private readonly IsolatedDirectories directories;

    public DocumentedCommandsTests(IsolatedDirectories directories) => this.directories = directories;

    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (var example in Examples())
        {
            data.Add(example.CommandLine);
        }
        return data;
    }

    [Fact]
    public void The_document_shows_both_tools_at_work()
    {
        var commands = Examples(Document).Select(example => example.CommandLine.Split(' ')[0]).ToList();

        Assert.Contains("validate", commands);
        Assert.Contains("explain", commands);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task The_documented_output_is_the_real_output(string commandLine)
    {
        var shown = Examples().Single(example => example.CommandLine == commandLine).Output;

        var run = await ToolRun.InvokeAsync(commandLine.Split(' '), directories);

        Assert.Equal(shown, (run.Output + run.Error).TrimEnd('\n'));
    }

    private static IEnumerable<(string CommandLine, string Output)> Examples() => Documents.SelectMany(Examples);

    private static IEnumerable<(string CommandLine, string Output)> Examples(string document) =>
        MarkdownDocument.Read(document).CodeBlocks("console")
            .Where(block => block.StartsWith(Prompt, StringComparison.Ordinal))
            .Select(block => block.Split('\n', 2))
            .Select(parts => (parts[0][Prompt.Length..], parts.Length > 1 ? parts[1] : ""));
}
