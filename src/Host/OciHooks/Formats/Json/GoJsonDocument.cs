using System.Text.Json;

namespace HookInjector.Host.OciHooks.Formats.Json;

/// <summary>
/// Parses a hook file the way Go's encoding/json accepts it: strict JSON (no comments, no trailing
/// commas, nothing after the value, no byte-order mark), invalid UTF-8 in strings replaced rather
/// than rejected, and Go's nesting limit. Syntax is checked first by a Go-faithful scanner, so
/// syntax errors read as in Go.
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
        if (GoJsonSyntax.FindError(content.Span) is { } syntaxError)
        {
            throw new HookFormatException(syntaxError);
        }

        try
        {
            return JsonDocument.Parse(GoUtf8.ReplaceInvalidSequences(content), Options);
        }
        catch (JsonException e)
        {
            // Not expected after Go's scanner accepted the text; reported rather than thrown on.
            throw new HookFormatException($"invalid JSON: {e.Message}", e);
        }
    }
}
