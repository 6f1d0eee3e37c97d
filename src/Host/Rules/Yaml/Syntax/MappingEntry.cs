namespace HookInjector.Host.Rules.Yaml.Syntax;

/// <summary>One entry of a mapping; keys are always scalars in rule files.</summary>
internal sealed record MappingEntry(ScalarNode Key, YamlTreeNode Value);
