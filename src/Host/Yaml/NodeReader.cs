using System.Globalization;

namespace HookInjector.Host.Yaml;

/// <summary>
/// Reads typed values out of YAML nodes and collects every mistake with its position, so one
/// pass over a rule, a manifest or a configuration reports all of its errors at once.
/// </summary>
internal sealed class NodeReader
{
    private readonly List<FieldError> errors = [];

    public IReadOnlyList<FieldError> Errors => errors;

    public void Fail(YamlTreeNode at, string path, string message) =>
        errors.Add(new FieldError(at.Position, path.Length == 0 ? message : $"{path}: {message}"));

    /// <summary>The fields of a mapping whose keys are all known here; any other key is reported, with the known key it probably meant.</summary>
    public Fields? Fields(YamlTreeNode node, string path, IReadOnlyList<string> allowedKeys)
    {
        if (Mapping(node, path) is not { } mapping)
        {
            return null;
        }
        var values = new Dictionary<string, YamlTreeNode>(StringComparer.Ordinal);
        foreach (var (key, value) in Entries(mapping, path))
        {
            if (allowedKeys.Contains(key.Text))
            {
                values.Add(key.Text, value);
            }
            else
            {
                var hint = KeyHint.Suggest(key.Text, allowedKeys) is { } suggestion ? $"; did you mean \"{suggestion}\"?" : "";
                Fail(key, path, $"unknown key \"{key.Text}\" (expected {string.Join(", ", allowedKeys)}){hint}");
            }
        }
        return new Fields(mapping, path, values, this);
    }

    /// <summary>
    /// The fields of a Kubernetes object, whose schema is not repeated here: every key is accepted,
    /// and a null value is an absent field, as the API server reads it.
    /// </summary>
    public Fields? OpenFields(YamlTreeNode node, string path)
    {
        if (Mapping(node, path) is not { } mapping)
        {
            return null;
        }
        var values = new Dictionary<string, YamlTreeNode>(StringComparer.Ordinal);
        foreach (var (key, value) in Entries(mapping, path))
        {
            if (value is not ScalarNode { Kind: ScalarKind.Null })
            {
                values.Add(key.Text, value);
            }
        }
        return new Fields(mapping, path, values, this);
    }

    /// <summary>The entries of a mapping whose keys are strings, first occurrence of each; reports the rest.</summary>
    public IEnumerable<(ScalarNode Key, YamlTreeNode Value)> Entries(MappingNode mapping, string path)
    {
        var seen = new Dictionary<string, ScalarNode>(StringComparer.Ordinal);
        foreach (var entry in mapping.Entries)
        {
            if (entry.Key.Kind != ScalarKind.String)
            {
                Fail(entry.Key, path, $"a key must be a string, got {entry.Key.Description}; quote it");
            }
            else if (seen.TryGetValue(entry.Key.Text, out var first))
            {
                Fail(entry.Key, path, $"duplicate key \"{entry.Key.Text}\" (first at line {first.Position.Line}, column {first.Position.Column})");
            }
            else
            {
                seen.Add(entry.Key.Text, entry.Key);
                yield return (entry.Key, entry.Value);
            }
        }
    }

    public MappingNode? Mapping(YamlTreeNode node, string path) => Expect<MappingNode>(node, path, "a mapping");

    public SequenceNode? Sequence(YamlTreeNode node, string path) => Expect<SequenceNode>(node, path, "a list");

    public string? String(YamlTreeNode node, string path)
    {
        if (node is ScalarNode { Kind: ScalarKind.String } scalar)
        {
            return scalar.Text;
        }
        var hint = node is ScalarNode { Kind: not ScalarKind.Null } ? "; quote it if you mean the string" : "";
        Fail(node, path, $"expected a string, got {node.Description}{hint}");
        return null;
    }

    /// <summary>A boolean, with the YAML 1.1 spellings (yes, on, ...) Kubernetes tooling still reads as booleans.</summary>
    public bool? Boolean(YamlTreeNode node, string path)
    {
        if (node is ScalarNode { Kind: ScalarKind.Boolean } scalar)
        {
            return scalar.Text.ToLowerInvariant() is "true" or "yes" or "on";
        }
        Fail(node, path, $"expected a boolean, got {node.Description}");
        return null;
    }

    public int? PositiveInteger(YamlTreeNode node, string path)
    {
        if (node is ScalarNode { Kind: ScalarKind.Integer } scalar
            && int.TryParse(scalar.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            && value > 0)
        {
            return value;
        }
        Fail(node, path, $"expected a positive whole number, got {node.Description}");
        return null;
    }

    /// <summary>The strings of a list, each with its node and path; null when the node is not a list.</summary>
    public List<(string Text, YamlTreeNode Node, string Path)>? Strings(YamlTreeNode node, string path)
    {
        if (Sequence(node, path) is not { } sequence)
        {
            return null;
        }
        var strings = new List<(string, YamlTreeNode, string)>(sequence.Items.Length);
        for (var i = 0; i < sequence.Items.Length; i++)
        {
            var itemPath = FieldPath.Item(path, i);
            if (String(sequence.Items[i], itemPath) is { } text)
            {
                strings.Add((text, sequence.Items[i], itemPath));
            }
        }
        return strings;
    }

    /// <summary>A mapping of strings to strings (labels, annotations), in the document's order; null when the node is not a mapping.</summary>
    public IReadOnlyDictionary<string, string>? StringMap(YamlTreeNode node, string path)
    {
        if (Mapping(node, path) is not { } mapping)
        {
            return null;
        }
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Entries(mapping, path))
        {
            if (String(value, FieldPath.Child(path, key.Text)) is { } text)
            {
                map.Add(key.Text, text);
            }
        }
        return map;
    }

    private T? Expect<T>(YamlTreeNode node, string path, string expected)
        where T : YamlTreeNode
    {
        if (node is T typed)
        {
            return typed;
        }
        Fail(node, path, $"expected {expected}, got {node.Description}");
        return null;
    }
}
