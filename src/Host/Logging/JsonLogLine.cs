using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Logging;

/// <summary>
/// The JSON log line shared by every JSON sink: <c>timestamp</c> (RFC 3339, UTC, milliseconds),
/// <c>level</c>, <c>category</c>, <c>message</c>, the message's named values under <c>state</c>
/// (so a collector can filter on <c>state.Container</c> without parsing the message), and
/// <c>exception</c> when there is one.
/// </summary>
internal static class JsonLogLine
{
    private const string OriginalFormat = "{OriginalFormat}";

    private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Format<TState>(DateTimeOffset time, LogLevel level, string category, string message, TState state, Exception? exception)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            json.WriteString("level", level.ToString());
            json.WriteString("category", category);
            json.WriteString("message", message);
            if (state is IReadOnlyList<KeyValuePair<string, object?>> { Count: > 0 } values && HasNamedValues(values))
            {
                json.WriteStartObject("state");
                foreach (var (name, value) in values)
                {
                    if (name != OriginalFormat)
                    {
                        WriteValue(json, name, value);
                    }
                }
                json.WriteEndObject();
            }
            if (exception is not null)
            {
                json.WriteString("exception", exception.ToString());
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static bool HasNamedValues(IReadOnlyList<KeyValuePair<string, object?>> values)
    {
        foreach (var (name, _) in values)
        {
            if (name != OriginalFormat)
            {
                return true;
            }
        }
        return false;
    }

    private static void WriteValue(Utf8JsonWriter json, string name, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(name);
                break;
            case bool flag:
                json.WriteBoolean(name, flag);
                break;
            case int or long or short or byte or uint or ulong or ushort or sbyte:
                json.WriteNumber(name, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case double number when double.IsFinite(number):
                json.WriteNumber(name, number);
                break;
            case float number when float.IsFinite(number):
                json.WriteNumber(name, number);
                break;
            case decimal number:
                json.WriteNumber(name, number);
                break;
            default:
                json.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
