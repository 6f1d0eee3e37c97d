using System.Text.Json;
using HookInjector.Host.OciHooks.Formats.Json;

namespace HookInjector.Host.OciHooks.Formats;

/// <summary>
/// Go first decodes a hook file into a struct holding only <c>version</c>, to pick a reader.
/// A missing, <c>null</c> or empty version reads as "".
/// </summary>
internal static class HookVersionProbe
{
    private static readonly GoJsonField VersionField = new("version", "version", "string");

    public static string ReadVersion(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Null)
        {
            return "";
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new HookFormatException($"json: cannot unmarshal {GoJsonValues.GoKindName(root.ValueKind)} into Go value of type hooks.version");
        }

        var version = "";
        foreach (var property in root.EnumerateObject())
        {
            if (GoJsonValues.KeyMatches(property, "version"))
            {
                version = GoJsonValues.ReadString(property.Value, VersionField) ?? version;
            }
        }
        return version;
    }
}
