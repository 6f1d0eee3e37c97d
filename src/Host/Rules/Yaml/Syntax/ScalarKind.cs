namespace HookInjector.Host.Rules.Yaml.Syntax;

/// <summary>What a scalar resolves to under the YAML 1.2 core schema (plus the YAML 1.1 yes/no/on/off booleans).</summary>
internal enum ScalarKind
{
    String,
    Null,
    Boolean,
    Integer,
    Float,
}
