using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace HookInjector.Host.OciHooks.Formats.Json;

/// <summary>
/// Go's encoding/json turns every byte that does not start a valid UTF-8 sequence into one U+FFFD
/// (it advances one byte at a time, unlike .NET's decoder, which replaces a maximal invalid
/// subsequence with a single U+FFFD). Applying that replacement to the whole file up front gives
/// the same strings as Go; invalid bytes outside strings stay a syntax error either way.
/// </summary>
internal static class GoUtf8
{
    private static ReadOnlySpan<byte> ReplacementCharacter => [0xEF, 0xBF, 0xBD];

    public static ReadOnlyMemory<byte> ReplaceInvalidSequences(ReadOnlyMemory<byte> utf8)
    {
        var firstInvalid = Utf8.IsValid(utf8.Span) ? -1 : FirstInvalidIndex(utf8.Span);
        if (firstInvalid < 0)
        {
            return utf8;
        }

        var input = utf8.Span;
        var output = new ArrayBufferWriter<byte>(input.Length + 16);
        output.Write(input[..firstInvalid]);
        var position = firstInvalid;
        while (position < input.Length)
        {
            var status = Rune.DecodeFromUtf8(input[position..], out _, out var consumed);
            if (status == OperationStatus.Done)
            {
                output.Write(input.Slice(position, consumed));
                position += consumed;
            }
            else
            {
                output.Write(ReplacementCharacter);
                position++;
            }
        }
        return output.WrittenMemory;
    }

    private static int FirstInvalidIndex(ReadOnlySpan<byte> input)
    {
        var position = 0;
        while (position < input.Length)
        {
            if (Rune.DecodeFromUtf8(input[position..], out _, out var consumed) != OperationStatus.Done)
            {
                return position;
            }
            position += consumed;
        }
        return -1;
    }
}
