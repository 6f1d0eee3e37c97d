using System.Text.Json;
using HookInjector.Host.OciHooks.Formats.Json;

namespace HookInjector.Host.OciHooks.Formats;

/// <summary>
/// Reads the 1.0.0 layout (<c>version</c>, <c>hook</c>, <c>when</c>, <c>stages</c>) with Go's
/// decoding rules; keys of the 0.1.0 layout are ignored like any unknown key.
/// </summary>
internal static class V1HookReader
{
    public const string Version = "1.0.0";

    private const string GoStruct = "Hook";

    public static HookDocument Read(JsonElement root)
    {
        var document = new HookDocument { Version = Version };
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            if (GoJsonValues.KeyMatches(property, "version"))
            {
                document.Version = GoJsonValues.ReadString(value, Field("version", "string")) ?? document.Version;
            }
            else if (GoJsonValues.KeyMatches(property, "hook"))
            {
                ReadHook(value, Field("hook", "specs.Hook"), document);
            }
            else if (GoJsonValues.KeyMatches(property, "when"))
            {
                ReadWhen(value, Field("when", "hook.When"), document);
            }
            else if (GoJsonValues.KeyMatches(property, "stages"))
            {
                document.Stages = GoJsonValues.ReadStringSlice(value, Field("stages", "[]string"));
            }
        }
        return document;
    }

    private static GoJsonField Field(string jsonName, string goType) => new(GoStruct, jsonName, goType);

    // Go decodes into the existing struct, so a repeated "hook" key only overwrites the keys it has.
    private static void ReadHook(JsonElement hook, GoJsonField field, HookDocument document)
    {
        if (!GoJsonValues.IsStructValue(hook, field))
        {
            return;
        }
        foreach (var property in hook.EnumerateObject())
        {
            var value = property.Value;
            if (GoJsonValues.KeyMatches(property, "path"))
            {
                document.Path = GoJsonValues.ReadString(value, field.Child("path", "string")) ?? document.Path;
            }
            else if (GoJsonValues.KeyMatches(property, "args"))
            {
                document.Args = GoJsonValues.ReadStringSlice(value, field.Child("args", "[]string"));
            }
            else if (GoJsonValues.KeyMatches(property, "env"))
            {
                document.Env = GoJsonValues.ReadStringSlice(value, field.Child("env", "[]string"));
            }
            else if (GoJsonValues.KeyMatches(property, "timeout"))
            {
                document.Timeout = GoJsonValues.ReadIntPointer(value, field.Child("timeout", "int"));
            }
        }
    }

    private static void ReadWhen(JsonElement when, GoJsonField field, HookDocument document)
    {
        if (!GoJsonValues.IsStructValue(when, field))
        {
            return;
        }
        foreach (var property in when.EnumerateObject())
        {
            var value = property.Value;
            if (GoJsonValues.KeyMatches(property, "always"))
            {
                document.Always = GoJsonValues.ReadBoolPointer(value, field.Child("always", "bool"));
            }
            else if (GoJsonValues.KeyMatches(property, "annotations"))
            {
                document.Annotations = GoJsonValues.ReadStringMap(value, field.Child("annotations", "map[string]string"), document.Annotations);
            }
            else if (GoJsonValues.KeyMatches(property, "commands"))
            {
                document.Commands = GoJsonValues.ReadStringSlice(value, field.Child("commands", "[]string"));
            }
            else if (GoJsonValues.KeyMatches(property, "hasBindMounts"))
            {
                document.HasBindMounts = GoJsonValues.ReadBoolPointer(value, field.Child("hasBindMounts", "bool"));
            }
        }
    }
}
