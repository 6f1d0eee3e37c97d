using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HookInjector.Host.Tools.Output;

/// <summary>Writes a report as indented JSON, leaving non-ASCII text readable.</summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        // The output goes to a terminal or a file, never into HTML: escaping '<' or 'é' only hurts readers.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(TextWriter output, JsonNode document)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(document);
        output.Write(document.ToJsonString(Options));
        output.Write('\n');
    }
}
