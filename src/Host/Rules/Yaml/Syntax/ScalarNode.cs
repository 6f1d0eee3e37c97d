namespace HookInjector.Host.Rules.Yaml.Syntax;

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
