using System.Collections.Immutable;
using HookInjector.Host.Rules.Yaml.Matching;
using HookInjector.Host.Yaml;

namespace HookInjector.Host.Rules.Yaml.Parsing;

/// <summary>
/// Reads a Kubernetes LabelSelector (<c>matchLabels</c>, <c>matchExpressions</c>) into a pod
/// selector. Mistakes go to the reader; what is built from a rule with mistakes is discarded.
/// </summary>
internal static class SelectorParser
{
    private static readonly string[] SelectorKeys = ["matchLabels", "matchExpressions"];
    private static readonly string[] ExpressionKeys = ["key", "operator", "values"];
    private static readonly string[] OperatorNames = ["In", "NotIn", "Exists", "DoesNotExist"];

    public static PodSelectorCondition? Parse(YamlTreeNode node, string path, NodeReader reader)
    {
        if (reader.Fields(node, path, SelectorKeys) is not { } fields)
        {
            return null;
        }
        var requirements = ImmutableArray.CreateBuilder<LabelRequirement>();
        if (fields.Optional("matchLabels") is { } labels)
        {
            ReadMatchLabels(labels, FieldPath.Child(path, "matchLabels"), reader, requirements);
        }
        if (fields.Optional("matchExpressions") is { } expressions)
        {
            ReadMatchExpressions(expressions, FieldPath.Child(path, "matchExpressions"), reader, requirements);
        }
        return new PodSelectorCondition(requirements.ToImmutable());
    }

    private static void ReadMatchLabels(YamlTreeNode node, string path, NodeReader reader, ImmutableArray<LabelRequirement>.Builder requirements)
    {
        if (reader.Mapping(node, path) is not { } mapping)
        {
            return;
        }
        foreach (var (key, value) in reader.Entries(mapping, path))
        {
            var entryPath = FieldPath.Child(path, key.Text);
            CheckLabelKey(key.Text, key, entryPath, reader);
            if (reader.String(value, entryPath) is { } text)
            {
                CheckLabelValue(text, value, entryPath, reader);
                requirements.Add(new LabelRequirement(key.Text, SelectorOperator.Equals, [text]));
            }
        }
    }

    private static void ReadMatchExpressions(YamlTreeNode node, string path, NodeReader reader, ImmutableArray<LabelRequirement>.Builder requirements)
    {
        if (reader.Sequence(node, path) is not { } sequence)
        {
            return;
        }
        for (var i = 0; i < sequence.Items.Length; i++)
        {
            if (ReadExpression(sequence.Items[i], FieldPath.Item(path, i), reader) is { } requirement)
            {
                requirements.Add(requirement);
            }
        }
    }

    private static LabelRequirement? ReadExpression(YamlTreeNode node, string path, NodeReader reader)
    {
        if (reader.Fields(node, path, ExpressionKeys) is not { } fields)
        {
            return null;
        }
        var keyPath = fields.PathOf("key");
        string? key = null;
        if (fields.Required("key") is { } keyNode && reader.String(keyNode, keyPath) is { } text)
        {
            CheckLabelKey(text, keyNode, keyPath, reader);
            key = text;
        }
        var @operator = ReadOperator(fields.Required("operator"), fields.PathOf("operator"), reader);
        var values = ReadValues(fields, @operator, reader);
        return key is not null && @operator is { } known ? new LabelRequirement(key, known, values) : null;
    }

    private static SelectorOperator? ReadOperator(YamlTreeNode? node, string path, NodeReader reader)
    {
        if (node is null || reader.String(node, path) is not { } text)
        {
            return null;
        }
        if (OperatorNames.Contains(text, StringComparer.Ordinal))
        {
            return Enum.Parse<SelectorOperator>(text);
        }
        var hint = KeyHint.Suggest(text, OperatorNames) is { } suggestion ? $"; did you mean \"{suggestion}\"?" : "";
        reader.Fail(node, path, $"unknown operator \"{text}\" (expected {string.Join(", ", OperatorNames)}){hint}");
        return null;
    }

    // The Kubernetes rules: In and NotIn need at least one value, Exists and DoesNotExist take none.
    private static List<string> ReadValues(Fields fields, SelectorOperator? @operator, NodeReader reader)
    {
        var path = fields.PathOf("values");
        var node = fields.Optional("values");
        var strings = node is null ? [] : reader.Strings(node, path) ?? [];
        var takesValues = @operator is SelectorOperator.In or SelectorOperator.NotIn;
        if (@operator is not null && takesValues && node is null or SequenceNode { Items.IsEmpty: true })
        {
            reader.Fail(node ?? fields.Node, path, $"operator {@operator} needs at least one value");
        }
        if (@operator is not null && !takesValues && node is SequenceNode { Items.IsEmpty: false })
        {
            reader.Fail(node, path, $"operator {@operator} takes no values");
        }
        foreach (var (text, itemNode, itemPath) in strings)
        {
            CheckLabelValue(text, itemNode, itemPath, reader);
        }
        return [.. strings.Select(entry => entry.Text)];
    }

    private static void CheckLabelKey(string key, YamlTreeNode at, string path, NodeReader reader)
    {
        if (KubernetesNames.CheckQualifiedName(key) is { } reason)
        {
            reader.Fail(at, path, $"invalid label key: {reason}");
        }
    }

    private static void CheckLabelValue(string value, YamlTreeNode at, string path, NodeReader reader)
    {
        if (KubernetesNames.CheckLabelValue(value) is { } reason)
        {
            reader.Fail(at, path, reason);
        }
    }
}
