using System.Collections.Immutable;

namespace HookInjector.Host.Rules.Yaml.Syntax;

/// <summary>A YAML sequence (a list).</summary>
internal sealed class SequenceNode(SourcePosition position, ImmutableArray<YamlTreeNode> items) : YamlTreeNode(position)
{
    public ImmutableArray<YamlTreeNode> Items { get; } = items;

    public override string Description => "a list";
}
