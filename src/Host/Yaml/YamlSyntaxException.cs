namespace HookInjector.Host.Yaml;

/// <summary>Text that is not well-formed YAML, or uses YAML features the plugin does not accept (tags, deep nesting, alias bombs).</summary>
internal sealed class YamlSyntaxException(SourcePosition position, string reason) : Exception(reason)
{
    public SourcePosition Position { get; } = position;
}
