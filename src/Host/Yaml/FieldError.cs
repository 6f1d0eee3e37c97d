namespace HookInjector.Host.Yaml;

/// <summary>A mistake found while reading a YAML tree's fields: where, and what (already prefixed with the field path).</summary>
internal sealed record FieldError(SourcePosition Position, string Message);
