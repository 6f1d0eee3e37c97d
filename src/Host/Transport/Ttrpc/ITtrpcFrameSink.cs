using System.Buffers;

namespace HookInjector.Host.Transport.Ttrpc;

/// <summary>Receives the messages that <see cref="TtrpcFrameReader"/> cuts out of a logical connection.</summary>
internal interface ITtrpcFrameSink
{
    /// <summary>A complete message; <paramref name="data"/> is only valid until the returned task completes.</summary>
    ValueTask OnMessageAsync(TtrpcFrameHeader header, ReadOnlySequence<byte> data, CancellationToken ct);

    /// <summary>A message longer than <see cref="TtrpcFrameHeader.MaxDataLength"/>, whose data has been skipped.</summary>
    ValueTask OnOversizedMessageAsync(TtrpcFrameHeader header, CancellationToken ct);
}
