using System.Collections.Immutable;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Rules.Yaml.Files;
using HookInjector.Host.Yaml;

namespace HookInjector.Host.Rules.Yaml.Parsing;

/// <summary>
/// Reads a rule file: one or more YAML documents, each either a list of rules or a mapping with a
/// <c>rules</c> list. A file that is not well-formed YAML yields one problem and no rules; a
/// document of the wrong shape is skipped; a rule with mistakes is skipped alone.
/// </summary>
internal static class RuleFileParser
{
    private static readonly string[] DocumentKeys = ["rules"];

    public static RuleFileResult Parse(SourceFile file)
    {
        ImmutableArray<YamlTreeNode?> documents;
        try
        {
            documents = YamlTreeReader.Read(file.Text);
        }
        catch (YamlSyntaxException error)
        {
            return new RuleFileResult([], [new SourceProblem(file.Path, error.Position.Line, error.Position.Column, $"invalid YAML: {error.Message}")]);
        }
        var rules = ImmutableArray.CreateBuilder<RuleCandidate>();
        var problems = new List<SourceProblem>();
        foreach (var document in documents)
        {
            if (document is null)
            {
                continue;
            }
            foreach (var ruleNode in RuleNodes(document, file.Path, problems))
            {
                rules.Add(RuleParser.Parse(ruleNode, file.Path, rules.Count + 1, problems));
            }
        }
        return new RuleFileResult(rules.ToImmutable(), [.. problems]);
    }

    private static ImmutableArray<YamlTreeNode> RuleNodes(YamlTreeNode document, string file, List<SourceProblem> problems)
    {
        var reader = new NodeReader();
        var rules = document switch
        {
            SequenceNode list => list,
            MappingNode => reader.Fields(document, "", DocumentKeys)?.Required("rules") is { } node ? reader.Sequence(node, "rules") : null,
            _ => Mismatch(document, reader),
        };
        problems.AddRange(reader.Errors.Select(error => new SourceProblem(file, error.Position.Line, error.Position.Column, error.Message)));
        return reader.Errors.Count == 0 && rules is not null ? rules.Items : [];
    }

    private static SequenceNode? Mismatch(YamlTreeNode document, NodeReader reader)
    {
        reader.Fail(document, "", $"a rule file document must be a list of rules or a mapping with \"rules\", got {document.Description}");
        return null;
    }
}
