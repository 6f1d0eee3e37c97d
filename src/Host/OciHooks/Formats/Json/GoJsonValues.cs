using System.Globalization;
using System.Text;
using System.Text.Json;

namespace HookInjector.Host.OciHooks.Formats.Json;

/// <summary>
/// Reads JSON values into the shapes Go's encoding/json gives the hook structs, with Go's rules:
/// object keys match field names case-insensitively, <c>null</c> resets slices, maps and pointers
/// but leaves strings and structs untouched, numbers only fit an int when they are integers, and
/// a value of the wrong kind fails with Go's "cannot unmarshal" message.
/// </summary>
internal static class GoJsonValues
{
    /// <summary>
    /// Go's case-insensitive key match (bytes.EqualFold): ASCII letters ignore case, and the two
    /// non-ASCII runes whose simple case folding reaches ASCII (KELVIN SIGN, LONG S) fold too.
    /// </summary>
    public static bool KeyMatches(JsonProperty property, string asciiFieldName)
    {
        string name;
        try
        {
            name = property.Name;
        }
        catch (InvalidOperationException)
        {
            return false; // a key with a lone surrogate escape cannot fold to an ASCII field name
        }

        var index = 0;
        foreach (var rune in name.EnumerateRunes())
        {
            if (index >= asciiFieldName.Length || !FoldsTo(rune, asciiFieldName[index]))
            {
                return false;
            }
            index++;
        }
        return index == asciiFieldName.Length;
    }

    /// <summary>Null means "leave the Go string as it was".</summary>
    public static string? ReadString(JsonElement value, GoJsonField field) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => GetString(value),
        _ => throw TypeError(value, field),
    };

    /// <summary>Null means "the Go slice becomes nil"; the caller assigns the result either way.</summary>
    public static List<string>? ReadStringSlice(JsonElement value, GoJsonField field)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw TypeError(value, field);
        }

        var element = field.Element("string");
        var list = new List<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            list.Add(ReadString(item, element) ?? "");
        }
        return list;
    }

    public static bool? ReadBoolPointer(JsonElement value, GoJsonField field) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw TypeError(value, field),
    };

    /// <summary>
    /// Go's int is 64-bit; the OCI hook model here holds 32-bit timeouts, so larger values are
    /// rejected with Go's overflow wording rather than silently truncated.
    /// </summary>
    public static int? ReadIntPointer(JsonElement value, GoJsonField field)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number)
        {
            throw TypeError(value, field);
        }
        var literal = value.GetRawText();
        if (!int.TryParse(literal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            throw new HookFormatException(
                $"json: cannot unmarshal number {literal} into Go struct field {field.StructPath} of type {field.GoType}", field.JsonPath);
        }
        return number;
    }

    /// <summary>Null resets the map; an object adds its pairs to the existing map (Go reuses a non-nil map).</summary>
    public static OrderedDictionary<string, string>? ReadStringMap(JsonElement value, GoJsonField field, OrderedDictionary<string, string>? existing)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw TypeError(value, field);
        }

        var map = existing ?? new OrderedDictionary<string, string>(StringComparer.Ordinal);
        var element = field.Element("string");
        foreach (var pair in value.EnumerateObject())
        {
            map[GetPropertyName(pair)] = ReadString(pair.Value, element) ?? "";
        }
        return map;
    }

    /// <summary>Structs ignore null; anything but an object is a type error.</summary>
    public static bool IsStructValue(JsonElement value, GoJsonField field) => value.ValueKind switch
    {
        JsonValueKind.Null => false,
        JsonValueKind.Object => true,
        _ => throw TypeError(value, field),
    };

    public static HookFormatException TypeError(JsonElement value, GoJsonField field) =>
        new($"json: cannot unmarshal {GoKindName(value.ValueKind)} into Go struct field {field.StructPath} of type {field.GoType}", field.JsonPath);

    public static string GoKindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "null",
    };

    private static bool FoldsTo(Rune rune, char asciiField) => rune.Value switch
    {
        0x212A => char.ToLowerInvariant(asciiField) == 'k',
        0x017F => char.ToLowerInvariant(asciiField) == 's',
        < 0x80 => char.ToLowerInvariant((char)rune.Value) == char.ToLowerInvariant(asciiField),
        _ => false,
    };

    private static string GetPropertyName(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            // The raw text is "name": value; decode just the quoted name the Go way.
            var raw = property.ToString();
            return GoJsonStrings.Unquote(raw.AsSpan(0, QuotedLength(raw)));
        }
    }

    private static string GetString(JsonElement value)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return GoJsonStrings.Unquote(value.GetRawText());
        }
    }

    private static int QuotedLength(ReadOnlySpan<char> text)
    {
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"')
            {
                return i + 1;
            }
        }
        return text.Length;
    }
}
