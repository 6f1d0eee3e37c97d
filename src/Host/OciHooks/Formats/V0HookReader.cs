using System.Text.Json;
using HookInjector.Host.OciHooks.Formats.Json;

namespace HookInjector.Host.OciHooks.Formats;

/// <summary>
/// Reads the legacy 0.1.0 layout (also used when a file has no version) and converts it to the
/// 1.0.0 shape: any-of matching, <c>hook</c> as the path, <c>arguments</c> appended after the path
/// as argv, and the annotation list folded into one pattern pair <c>".*"</c> → entries joined by
/// <c>|</c>. Aliases (<c>stage</c>, <c>cmd</c>, <c>annotation</c>) may not be combined with their
/// plural; presence decides (<c>[]</c> is present, <c>null</c> is absent).
/// </summary>
internal static class V0HookReader
{
    public const string Version = "0.1.0";

    private const string GoStruct = "Hook";

    public static HookDocument Read(JsonElement root)
    {
        var raw = new RawLegacyHook();
        if (root.ValueKind == JsonValueKind.Object)
        {
            Bind(root, raw);
        }
        return Convert(raw);
    }

    private static void Bind(JsonElement root, RawLegacyHook raw)
    {
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            if (GoJsonValues.KeyMatches(property, "hook"))
            {
                // The Go field is *string, so null resets it.
                raw.Hook = value.ValueKind == JsonValueKind.Null ? null : GoJsonValues.ReadString(value, Field("hook", "string"));
            }
            else if (GoJsonValues.KeyMatches(property, "arguments"))
            {
                raw.Arguments = GoJsonValues.ReadStringSlice(value, Field("arguments", "[]string"));
            }
            else if (GoJsonValues.KeyMatches(property, "stages"))
            {
                raw.Stages = GoJsonValues.ReadStringSlice(value, Field("stages", "[]string"));
            }
            else if (GoJsonValues.KeyMatches(property, "stage"))
            {
                raw.Stage = GoJsonValues.ReadStringSlice(value, Field("stage", "[]string"));
            }
            else if (GoJsonValues.KeyMatches(property, "cmds"))
            {
                raw.Cmds = GoJsonValues.ReadStringSlice(value, Field("cmds", "[]string"));
            }
            else if (GoJsonValues.KeyMatches(property, "cmd"))
            {
                raw.Cmd = GoJsonValues.ReadStringSlice(value, Field("cmd", "[]string"));
            }
            else if (GoJsonValues.KeyMatches(property, "annotations"))
            {
                raw.Annotations = GoJsonValues.ReadStringSlice(value, Field("annotations", "[]string"));
            }
            else if (GoJsonValues.KeyMatches(property, "annotation"))
            {
                raw.Annotation = GoJsonValues.ReadStringSlice(value, Field("annotation", "[]string"));
            }
            else if (GoJsonValues.KeyMatches(property, "hasbindmounts"))
            {
                raw.HasBindMounts = GoJsonValues.ReadBoolPointer(value, Field("hasbindmounts", "bool"));
            }
        }
    }

    private static GoJsonField Field(string jsonName, string goType) => new(GoStruct, jsonName, goType);

    private static HookDocument Convert(RawLegacyHook raw)
    {
        if (raw.Hook is null)
        {
            throw new HookFormatException("missing required property: hook", "hook");
        }
        var stages = Alias(raw.Stages, raw.Stage, "stage", "stages")
            ?? throw new HookFormatException("missing required property: stages", "stages");
        var commands = Alias(raw.Cmds, raw.Cmd, "cmd", "cmds");
        var annotations = Alias(raw.Annotations, raw.Annotation, "annotation", "annotations");

        var document = new HookDocument
        {
            Version = V1HookReader.Version,
            Path = raw.Hook,
            Commands = commands,
            HasBindMounts = raw.HasBindMounts,
            AnyOf = true,
            Stages = stages,
        };
        if (raw.Arguments is not null)
        {
            document.Args = [raw.Hook, .. raw.Arguments];
        }
        if (annotations is not null)
        {
            document.Annotations = new OrderedDictionary<string, string>(StringComparer.Ordinal)
            {
                [".*"] = string.Join('|', annotations),
            };
        }
        return document;
    }

    private static List<string>? Alias(List<string>? plural, List<string>? singular, string singularName, string pluralName)
    {
        if (plural is null)
        {
            return singular;
        }
        if (singular is not null)
        {
            throw new HookFormatException($"cannot set both '{singularName}' and '{pluralName}'", pluralName);
        }
        return plural;
    }

    private sealed class RawLegacyHook
    {
        public string? Hook { get; set; }

        public List<string>? Arguments { get; set; }

        public List<string>? Stages { get; set; }

        public List<string>? Stage { get; set; }

        public List<string>? Cmds { get; set; }

        public List<string>? Cmd { get; set; }

        public List<string>? Annotations { get; set; }

        public List<string>? Annotation { get; set; }

        public bool? HasBindMounts { get; set; }
    }
}
