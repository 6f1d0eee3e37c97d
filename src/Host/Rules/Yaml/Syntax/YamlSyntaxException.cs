namespace HookInjector.Host.Rules.Yaml.Syntax;

/// <summary>A rule file that is not well-formed YAML, or uses YAML features rule files do not accept.</summary>
internal sealed class YamlSyntaxException(SourcePosition position, string reason) : Exception(reason)
{
    public SourcePosition Position { get; } = position;
}
