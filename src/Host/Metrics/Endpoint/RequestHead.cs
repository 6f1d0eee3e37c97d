using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace HookInjector.Host.Metrics.Endpoint;

/// <summary>The request line of an HTTP/1.x request; headers are read past but not kept.</summary>
internal sealed record RequestHead(string Method, string Path)
{
    private static readonly byte[] EndOfHead = "\r\n\r\n"u8.ToArray();

    /// <summary>How a request ended up when it could not be read.</summary>
    internal enum Failure
    {
        None,
        Malformed,
        TooLarge,
        Incomplete,
    }

    /// <summary>
    /// Reads up to the blank line ending the head, refusing heads over <paramref name="maxBytes"/> so a
    /// client cannot make the plugin buffer without limit.
    /// </summary>
    public static async Task<(RequestHead? Head, Failure Failure)> ReadAsync(PipeReader reader, int maxBytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var head = Find(buffer, out var consumed);
            if (head is { } found)
            {
                // Parsed before advancing: the reader may reuse the memory once it is consumed.
                var parsed = found.Length > maxBytes ? (null, Failure.TooLarge) : Parse(found);
                reader.AdvanceTo(consumed);
                return parsed;
            }
            if (buffer.Length > maxBytes)
            {
                return (null, Failure.TooLarge);
            }
            if (result.IsCompleted)
            {
                return (null, Failure.Incomplete);
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static ReadOnlySequence<byte>? Find(ReadOnlySequence<byte> buffer, out SequencePosition consumed)
    {
        var sequence = new SequenceReader<byte>(buffer);
        if (sequence.TryReadTo(out ReadOnlySequence<byte> head, EndOfHead))
        {
            consumed = sequence.Position;
            return head;
        }
        consumed = buffer.Start;
        return null;
    }

    private static (RequestHead?, Failure) Parse(ReadOnlySequence<byte> head)
    {
        var sequence = new SequenceReader<byte>(head);
        var line = sequence.TryReadTo(out ReadOnlySequence<byte> firstLine, "\r\n"u8) ? firstLine : head;
        var parts = Encoding.ASCII.GetString(line).Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || !parts[1].StartsWith('/') || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            return (null, Failure.Malformed);
        }
        var query = parts[1].IndexOf('?', StringComparison.Ordinal);
        return (new RequestHead(parts[0], query < 0 ? parts[1] : parts[1][..query]), Failure.None);
    }
}
