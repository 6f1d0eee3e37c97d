using HookInjector.Tests.Tools;

namespace HookInjector.Tests.Documentation;

/// <summary>
/// Checks that code shown in a document is taken from real, tested source: every line of the shown
/// code appears in the source file, in the same order. Lines may be left out (argument checks, comments),
/// none may be changed or added.
/// </summary>
internal static class SourceExcerpt
{
    public static void AssertTakenFrom(string shown, string sourceFile)
    {
        var source = CodeLines(File.ReadAllText(RepositoryRoot.Of(sourceFile)));
        var position = 0;
        foreach (var line in CodeLines(shown))
        {
            var found = source.IndexOf(line, position);
            Assert.True(found >= 0, $"{sourceFile} has no line \"{line}\" after line {position} of its code; the document shows code that is not there");
            position = found + 1;
        }
    }

    private static List<string> CodeLines(string text) =>
        [.. text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith("//", StringComparison.Ordinal))];
}
