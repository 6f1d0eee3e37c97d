using System.Collections.Immutable;

namespace HookInjector.Host.Rules.Yaml.Syntax;

/// <summary>A YAML mapping whose entries stay in document order, duplicates included.</summary>
internal sealed class MappingNode(SourcePosition position, ImmutableArray<MappingEntry> entries) : YamlTreeNode(position)
{
    public ImmutableArray<MappingEntry> Entries { get; } = entries;

    public override string Description => "a mapping";
}
