namespace HookInjector.Host.Yaml;

/// <summary>
/// The keys of a mapping, each at its first occurrence, after unknown and duplicate keys were
/// reported; the typed getters read an optional key and report a value of the wrong type.
/// </summary>
internal sealed class Fields(MappingNode node, string path, IReadOnlyDictionary<string, YamlTreeNode> values, NodeReader reader)
{
    public MappingNode Node => node;

    public string Path => path;

    public YamlTreeNode? Optional(string key) => values.GetValueOrDefault(key);

    /// <summary>The path of a key's value, for the messages about it.</summary>
    public string PathOf(string key) => FieldPath.Child(path, key);

    public string? String(string key) => Optional(key) is { } value ? reader.String(value, PathOf(key)) : null;

    public bool? Boolean(string key) => Optional(key) is { } value ? reader.Boolean(value, PathOf(key)) : null;

    public SequenceNode? Sequence(string key) => Optional(key) is { } value ? reader.Sequence(value, PathOf(key)) : null;

    /// <summary>The strings of a list; empty when the key is absent.</summary>
    public IReadOnlyList<string> Strings(string key) =>
        Optional(key) is { } value && reader.Strings(value, PathOf(key)) is { } strings ? [.. strings.Select(entry => entry.Text)] : [];

    /// <summary>A string map (labels, annotations); empty when the key is absent.</summary>
    public IReadOnlyDictionary<string, string> StringMap(string key) =>
        Optional(key) is { } value && reader.StringMap(value, PathOf(key)) is { } map ? map : new Dictionary<string, string>();

    /// <summary>A nested Kubernetes object (<see cref="NodeReader.OpenFields"/>).</summary>
    public Fields? OpenFields(string key) => Optional(key) is { } value ? reader.OpenFields(value, PathOf(key)) : null;

    /// <summary>A nested Kubernetes object that must be present; reports it missing (at this mapping) otherwise.</summary>
    public Fields? RequiredOpenFields(string key) => Required(key) is { } value ? reader.OpenFields(value, PathOf(key)) : null;

    public string? RequiredString(string key) => Required(key) is { } value ? reader.String(value, PathOf(key)) : null;

    /// <summary>The value of a key that must be present; reports it missing (at the mapping) otherwise.</summary>
    public YamlTreeNode? Required(string key)
    {
        if (values.TryGetValue(key, out var value))
        {
            return value;
        }
        reader.Fail(node, path, $"missing required key \"{key}\"");
        return null;
    }
}
