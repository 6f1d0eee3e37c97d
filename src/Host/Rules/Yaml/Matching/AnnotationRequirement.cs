namespace HookInjector.Host.Rules.Yaml.Matching;

/// <summary>An annotation that must be present with a value matching a name or glob.</summary>
internal sealed record AnnotationRequirement(string Key, Glob Value);
