namespace HookInjector.Tests.Documentation;

/// <summary>The worked examples of docs/scripts.md are the samples that SampleScriptTests compiles and runs.</summary>
public sealed class ScriptDocumentationTests
{
    private static readonly IReadOnlyList<string> Examples = MarkdownDocument.Read("docs/scripts.md").CodeBlocks("csharp");

    [Fact]
    public void The_document_shows_one_example_per_sample_script() =>
        Assert.Equal(Directory.GetFiles(Tools.RepositoryRoot.Of("samples/rules.d"), "*.csx").Length, Examples.Count);

    [Theory]
    [InlineData(0, "samples/rules.d/10-trace-label.csx")]
    [InlineData(1, "samples/rules.d/20-ml-profiler.csx")]
    [InlineData(2, "samples/rules.d/30-device-mounts.csx")]
    public void Each_example_is_its_sample(int example, string sample) =>
        SourceExcerpt.AssertTakenFrom(Examples[example], sample);
}
