using HookInjector.Abstractions;
using HookInjector.Host.Rules.Yaml;
using HookInjector.Host.Rules.Yaml.Matching;
using HookInjector.Tests.Rules.Yaml;

namespace HookInjector.Tests.Documentation;

/// <summary>The YAML shown in docs/rules.md loads, selects what the text says and fails the way it says.</summary>
public sealed class RuleDocumentationTests
{
    private const string DocumentedDirectory = "/etc/hook-injector/rules.d";
    private static readonly MarkdownDocument Document = MarkdownDocument.Read("docs/rules.md");
    private static readonly IReadOnlyList<string> Examples = Document.CodeBlocks("yaml");

    [Fact]
    public void Every_example_is_checked() => Assert.Equal(3, Examples.Count);

    [Fact]
    public void The_first_example_adds_the_nvidia_hook_to_gpu_pods()
    {
        var rule = RuleText.Single(Examples[0]);

        Assert.True(rule.Matches(Contexts.Create(labels: Contexts.Map("gpu=true"))));
        Assert.False(rule.Matches(Contexts.Create(labels: Contexts.Map("gpu=false"))));
        Assert.Equal(
            [new RuleHook(HookStage.CreateRuntime, new OciHook("/usr/bin/nvidia-container-runtime-hook", ["nvidia-container-runtime-hook", "prestart"], [], null))],
            rule.Hooks.AsEnumerable());
    }

    [Theory]
    [InlineData("app.kubernetes.io/component=batch,tier=gold,example.com/audit=", true)]
    [InlineData("app.kubernetes.io/component=batch,tier=silver,environment=prod,example.com/audit=yes", true)]
    [InlineData("app.kubernetes.io/component=batch,tier=gold,environment=dev,example.com/audit=yes", false)]
    [InlineData("app.kubernetes.io/component=batch,tier=gold", false)]
    [InlineData("app.kubernetes.io/component=batch,tier=gold,example.com/audit=,example.com/audit-opt-out=", false)]
    public void The_selector_example_needs_every_requirement(string labels, bool expected)
    {
        var rule = RuleText.WithMatch(Examples[1]);

        Assert.Equal(expected, rule.Matches(Contexts.Create(labels: Contexts.Map(labels))));
    }

    [Fact]
    public void The_error_example_reports_what_the_document_shows()
    {
        using var directory = new TempDirectory();
        directory.Write("10-gpu.yaml", Examples[2] + "\n");
        directory.Write("20-b.yaml", "- name: gpu-pods\n  hooks: [{stage: createRuntime, path: /bin/hook}]\n");

        var problems = YamlRuleSource.Load(directory.Path, CancellationToken.None).Problems
            .Select(problem => problem.ToString().Replace(directory.Path, DocumentedDirectory, StringComparison.Ordinal));

        Assert.StartsWith($"# {DocumentedDirectory}/10-gpu.yaml\n", Examples[2], StringComparison.Ordinal);
        Assert.Equal(Document.CodeBlocks("")[0], string.Join('\n', problems));
    }
}
