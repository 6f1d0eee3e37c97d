using System.IO.Pipelines;

namespace HookInjector.Host.Transport.Multiplex;

/// <summary>
/// The byte stream of one ttrpc connection: a logical connection of a <see cref="Multiplexer"/> trunk (NRI), or a
/// socket of its own (<see cref="DedicatedConnection"/>, the worker's link).
/// </summary>
internal interface ILogicalConnection
{
    /// <summary>Inbound bytes of this connection; completes when the trunk or socket ends.</summary>
    PipeReader Input { get; }

    /// <summary>
    /// Sends one ttrpc message, the ttrpc header first and then the body (on a trunk, as two mux frames, the body's
    /// omitted when empty), without interleaving any other message.
    /// </summary>
    /// <exception cref="IOException">The trunk or socket is closed or broken.</exception>
    ValueTask WriteMessageAsync(ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> body, CancellationToken ct);
}
