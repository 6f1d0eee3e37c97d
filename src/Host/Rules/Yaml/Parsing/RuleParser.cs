using System.Collections.Immutable;
using System.Globalization;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Rules.Yaml.Matching;
using HookInjector.Host.Yaml;

namespace HookInjector.Host.Rules.Yaml.Parsing;

/// <summary>
/// Reads one rule. Every mistake in it is reported, each at its own position; a rule with any
/// mistake is not compiled, so it adds no hooks until fixed.
/// </summary>
internal static class RuleParser
{
    public const int MaxNameLength = 253;

    private static readonly string[] RuleKeys = ["name", "description", "match", "hooks"];

    /// <param name="node">The rule's node.</param>
    /// <param name="file">The rule file's path.</param>
    /// <param name="ordinal">The rule's 1-based position in its file, naming it when its name is unreadable.</param>
    /// <param name="problems">Receives the rule's mistakes.</param>
    public static RuleCandidate Parse(YamlTreeNode node, string file, int ordinal, ICollection<SourceProblem> problems)
    {
        var reader = new NodeReader();
        var fields = reader.Fields(node, "", RuleKeys);
        var nameNode = fields?.Required("name");
        var name = nameNode is null ? null : ReadName(nameNode, reader);
        var description = fields?.String("description");
        var conditions = fields?.Optional("match") is { } match ? MatchParser.Parse(match, "match", reader) : [];
        var hooks = fields?.Required("hooks") is { } hooksNode ? HookParser.Parse(hooksNode, "hooks", reader) : [];

        var label = name is null ? string.Create(CultureInfo.InvariantCulture, $"rule #{ordinal}") : $"rule \"{name}\"";
        foreach (var error in reader.Errors)
        {
            problems.Add(new SourceProblem(file, error.Position.Line, error.Position.Column, $"{label}: {error.Message}"));
        }
        var rule = reader.Errors.Count == 0 && name is not null
            ? new CompiledRule(name, description, new RuleLocation(file, node.Position.Line, node.Position.Column), conditions, hooks)
            : null;
        return new RuleCandidate(name, nameNode?.Position ?? node.Position, rule);
    }

    private static string? ReadName(YamlTreeNode node, NodeReader reader)
    {
        var name = reader.String(node, "name");
        if (name is not null && (name.Length > MaxNameLength || !KubernetesNames.NamePart().IsMatch(name)))
        {
            reader.Fail(node, "name", $"\"{name}\" must be 1 to {MaxNameLength} letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
        }
        return name;
    }
}
