namespace HookInjector.Host.OciHooks.Formats.Json;

/// <summary>
/// A field of one of Go's hook structs, as named in Go's type errors: <see cref="StructPath"/> is
/// "Hook.hook.timeout" (top-level struct, then the JSON path), <see cref="GoType"/> the Go type.
/// </summary>
internal readonly record struct GoJsonField(string Struct, string JsonPath, string GoType)
{
    public string StructPath => $"{Struct}.{JsonPath}";

    public GoJsonField Child(string jsonName, string goType) => new(Struct, $"{JsonPath}.{jsonName}", goType);

    public GoJsonField Element(string goType) => this with { GoType = goType };
}
