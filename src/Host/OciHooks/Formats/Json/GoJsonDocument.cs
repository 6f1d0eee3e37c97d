using System.Text.Json;

namespace HookInjector.Host.OciHooks.Formats.Json;

/// <summary>
/// Parses a hook file the way Go's encoding/json accepts it: strict JSON (no comments, no trailing
/// commas, nothing after the value), no byte-order mark, invalid UTF-8 replaced rather than
/// rejected, and Go's nesting limit. Syntax errors carry Go's text for the common cases (empty
/// input, byte-order mark) and System.Text.Json's description otherwise.
/// </summary>
internal static class GoJsonDocument
{
    private const int GoMaxNestingDepth = 10000;

    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = GoMaxNestingDepth,
    };

    public static JsonDocument Parse(ReadOnlyMemory<byte> content)
    {
        var span = content.Span;
        if (span.StartsWith("\uFEFF"u8))
        {
            // Go reads the first BOM byte (0xEF) as the Latin-1 character it names.
            throw new HookFormatException("invalid character 'ï' looking for beginning of value");
        }
        if (span.TrimStart(" \t\r\n"u8).IsEmpty)
        {
            throw new HookFormatException("unexpected end of JSON input");
        }

        try
        {
            return JsonDocument.Parse(GoUtf8.ReplaceInvalidSequences(content), Options);
        }
        catch (JsonException e)
        {
            throw new HookFormatException($"invalid JSON: {e.Message}", e);
        }
    }
}
