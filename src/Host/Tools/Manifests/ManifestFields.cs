using System.Collections.Immutable;
using HookInjector.Host.Yaml;

namespace HookInjector.Host.Tools.Manifests;

/// <summary>
/// Typed access to the fields of a manifest mapping. A field of the wrong type is an error naming
/// its path and position, as <c>kubectl</c> refuses it too (an unquoted <c>true</c> is not a
/// label value); an absent or null field is simply absent.
/// </summary>
internal static class ManifestFields
{
    public static YamlTreeNode? Find(MappingNode mapping, string key)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        YamlTreeNode? found = null;
        foreach (var entry in mapping.Entries)
        {
            if (entry.Key.Text == key)
            {
                found = entry.Value;
            }
        }
        return found is ScalarNode { Kind: ScalarKind.Null } ? null : found;
    }

    public static MappingNode? Mapping(MappingNode parent, string key, string path) => Find(parent, key) switch
    {
        null => null,
        MappingNode mapping => mapping,
        var other => throw WrongType(other, Join(path, key), "a mapping"),
    };

    public static SequenceNode? Sequence(MappingNode parent, string key, string path) => Find(parent, key) switch
    {
        null => null,
        SequenceNode sequence => sequence,
        var other => throw WrongType(other, Join(path, key), "a list"),
    };

    public static string? String(MappingNode parent, string key, string path) => Find(parent, key) switch
    {
        null => null,
        var node => Text(node, Join(path, key)),
    };

    public static bool? Boolean(MappingNode parent, string key, string path) => Find(parent, key) switch
    {
        null => null,
        ScalarNode { Kind: ScalarKind.Boolean } scalar => scalar.Text is "true" or "True" or "TRUE",
        var other => throw WrongType(other, Join(path, key), "a boolean"),
    };

    public static ImmutableArray<string> StringList(MappingNode parent, string key, string path)
    {
        var sequence = Sequence(parent, key, path);
        return sequence is null ? [] : [.. sequence.Items.Select((item, index) => Text(item, $"{Join(path, key)}[{index}]"))];
    }

    /// <summary>A string map (labels, annotations) in the manifest's order.</summary>
    public static IReadOnlyDictionary<string, string> StringMap(MappingNode parent, string key, string path)
    {
        var mapping = Mapping(parent, key, path);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in mapping?.Entries ?? [])
        {
            map[entry.Key.Text] = Text(entry.Value, $"{Join(path, key)}.{entry.Key.Text}");
        }
        return map;
    }

    public static MappingNode Item(YamlTreeNode node, string path) =>
        node as MappingNode ?? throw WrongType(node, path, "a mapping");

    public static string Text(YamlTreeNode node, string path) => node switch
    {
        ScalarNode { Kind: ScalarKind.String } scalar => scalar.Text,
        _ => throw WrongType(node, path, "a string"),
    };

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static ManifestException WrongType(YamlTreeNode node, string path, string expected)
    {
        var hint = node is ScalarNode { Kind: not ScalarKind.String } && expected == "a string" ? " (quote it)" : "";
        return new ManifestException(node.Position, $"{path}: want {expected}, got {node.Description}{hint}");
    }
}
