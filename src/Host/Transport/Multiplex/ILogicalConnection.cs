using System.IO.Pipelines;

namespace HookInjector.Host.Transport.Multiplex;

/// <summary>One logical byte stream carried by a <see cref="Multiplexer"/> trunk.</summary>
internal interface ILogicalConnection
{
    /// <summary>Inbound bytes of this connection; completes when the trunk ends.</summary>
    PipeReader Input { get; }

    /// <summary>
    /// Sends one ttrpc message as two mux frames, the ttrpc header first and then the body (omitted when empty),
    /// without interleaving any other message.
    /// </summary>
    /// <exception cref="IOException">The trunk is closed or broken.</exception>
    ValueTask WriteMessageAsync(ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> body, CancellationToken ct);
}
