using System.Collections.Immutable;

namespace HookInjector.Host.Yaml;

/// <summary>A 1-based line and column in a YAML text.</summary>
internal readonly record struct SourcePosition(int Line, int Column);

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

/// <summary>A YAML mapping whose entries stay in document order, duplicates included.</summary>
internal sealed class MappingNode(SourcePosition position, ImmutableArray<MappingEntry> entries) : YamlTreeNode(position)
{
    public ImmutableArray<MappingEntry> Entries { get; } = entries;

    public override string Description => "a mapping";
}

/// <summary>One entry of a mapping; the reader accepts only scalar keys.</summary>
internal sealed record MappingEntry(ScalarNode Key, YamlTreeNode Value);

/// <summary>A YAML sequence (a list).</summary>
internal sealed class SequenceNode(SourcePosition position, ImmutableArray<YamlTreeNode> items) : YamlTreeNode(position)
{
    public ImmutableArray<YamlTreeNode> Items { get; } = items;

    public override string Description => "a list";
}

/// <summary>A scalar with its text and how YAML resolves it.</summary>
internal sealed class ScalarNode(SourcePosition position, string text, ScalarKind kind) : YamlTreeNode(position)
{
    public string Text { get; } = text;

    public ScalarKind Kind { get; } = kind;

    public override string Description => Kind switch
    {
        ScalarKind.Null => "null",
        ScalarKind.Boolean => $"a boolean ({Text})",
        ScalarKind.Integer => $"an integer ({Text})",
        ScalarKind.Float => $"a number ({Text})",
        _ => "a string",
    };
}

/// <summary>What a scalar resolves to under the YAML 1.2 core schema (plus the YAML 1.1 yes/no/on/off booleans).</summary>
internal enum ScalarKind
{
    String,
    Null,
    Boolean,
    Integer,
    Float,
}
