namespace HookInjector.Host.Yaml;

/// <summary>The known keys of a mapping, each at its first occurrence, after unknown and duplicate keys were reported.</summary>
internal sealed class Fields(MappingNode node, string path, IReadOnlyDictionary<string, YamlTreeNode> values, NodeReader reader)
{
    public MappingNode Node => node;

    public string Path => path;

    public YamlTreeNode? Optional(string key) => values.GetValueOrDefault(key);

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
