using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Transport.Multiplex;

/// <param name="deliverInline">Run the connection's reader on the thread that delivers its bytes, not on the thread pool.</param>
internal sealed class LogicalConnection(uint id, TrunkWriter writer, ILogger logger, bool deliverInline = false) : ILogicalConnection
{
    // A ttrpc reader consumes nothing until a whole message (up to 4 MiB + header) has arrived, so the pause
    // threshold must stay well above that or the trunk reader and the ttrpc reader would wait on each other.
    private static readonly PipeOptions InboundOptions = new(
        pauseWriterThreshold: 16 << 20,
        resumeWriterThreshold: 8 << 20,
        useSynchronizationContext: false);

    private static readonly PipeOptions InlineInboundOptions = new(
        readerScheduler: PipeScheduler.Inline,
        pauseWriterThreshold: 16 << 20,
        resumeWriterThreshold: 8 << 20,
        useSynchronizationContext: false);

    private readonly Pipe inbound = new(deliverInline ? InlineInboundOptions : InboundOptions);
    private bool readerGone;

    public uint Id => id;

    public PipeReader Input => inbound.Reader;

    public ValueTask WriteMessageAsync(ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> body, CancellationToken ct) =>
        writer.WriteMessageAsync(id, header, body, ct);

    /// <summary>Appends bytes received on the trunk; waits while the consumer is far behind.</summary>
    public async ValueTask DeliverAsync(ReadOnlySequence<byte> bytes, CancellationToken ct)
    {
        if (readerGone)
        {
            return;
        }

        foreach (var segment in bytes)
        {
            inbound.Writer.Write(segment.Span);
        }

        var flush = await inbound.Writer.FlushAsync(ct).ConfigureAwait(false);
        if (flush.IsCompleted)
        {
            readerGone = true;
            logger.ConnectionStoppedReading(id);
        }
    }

    public void CompleteInput(Exception? failure) => inbound.Writer.Complete(failure);
}
