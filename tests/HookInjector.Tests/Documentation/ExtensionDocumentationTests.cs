namespace HookInjector.Tests.Documentation;

/// <summary>
/// The code of docs/extensions.md is the real contract and the sample extension, which
/// extensions/PodInfoEnv.Tests and ExtensionSourceTests build, load and run.
/// </summary>
public sealed class ExtensionDocumentationTests
{
    private static readonly IReadOnlyList<string> Examples = MarkdownDocument.Read("docs/extensions.md").CodeBlocks("csharp");

    [Fact]
    public void The_contract_shown_is_the_contract()
    {
        var interfaces = Examples[0].Split("\n\n");

        Assert.Equal(2, interfaces.Length);
        SourceExcerpt.AssertTakenFrom(interfaces[0], "src/Abstractions/IHookMatcher.cs");
        SourceExcerpt.AssertTakenFrom(interfaces[1], "src/Abstractions/IPlanMutator.cs");
    }

    [Theory]
    [InlineData(1, "extensions/PodInfoEnv/DeviceClassMatcher.cs")]
    [InlineData(2, "extensions/PodInfoEnv/PodIdentityEnvMutator.cs")]
    public void The_worked_example_is_the_sample_extension(int example, string source) =>
        SourceExcerpt.AssertTakenFrom(Examples[example], source);

    [Fact]
    public void Every_example_is_checked() => Assert.Equal(3, Examples.Count);
}
