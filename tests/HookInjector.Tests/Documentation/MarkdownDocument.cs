using HookInjector.Tests.Tools;

namespace HookInjector.Tests.Documentation;

/// <summary>A document of the repository read as its fenced code blocks, so tests can run what it shows.</summary>
internal sealed class MarkdownDocument
{
    private readonly List<(string Language, string Body)> blocks;

    private MarkdownDocument(List<(string Language, string Body)> blocks) => this.blocks = blocks;

    public static MarkdownDocument Read(string relativePath) => new(Parse(File.ReadAllLines(RepositoryRoot.Of(relativePath))));

    /// <summary>The body of every block fenced with <c>```language</c> (plain <c>```</c> for ""), in document order.</summary>
    public IReadOnlyList<string> CodeBlocks(string language) =>
        [.. blocks.Where(block => block.Language == language).Select(block => block.Body)];

    private static List<(string Language, string Body)> Parse(string[] lines)
    {
        var blocks = new List<(string, string)>();
        for (var index = 0; index < lines.Length; index++)
        {
            if (!lines[index].StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }
            var end = Array.IndexOf(lines, "```", index + 1);
            if (end < 0)
            {
                throw new InvalidDataException($"the code block opened at line {index + 1} is never closed");
            }
            blocks.Add((lines[index][3..], string.Join('\n', lines[(index + 1)..end])));
            index = end;
        }
        return blocks;
    }
}
