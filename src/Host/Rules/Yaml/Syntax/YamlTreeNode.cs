namespace HookInjector.Host.Rules.Yaml.Syntax;

/// <summary>
/// A node of a parsed YAML document that keeps its position and, unlike a dictionary-based model,
/// every mapping entry in order, so duplicate keys reach validation instead of failing the file.
/// </summary>
internal abstract class YamlTreeNode(SourcePosition position)
{
    public SourcePosition Position { get; } = position;

    /// <summary>How this kind of node is named in error messages ("a string", "a list", ...).</summary>
    public abstract string Description { get; }
}
