using Google.Protobuf;

namespace HookInjector.Host.Transport.Ttrpc;

/// <summary>
/// Serves one ttrpc method: decodes <paramref name="payload"/>, returns the reply message.
/// Throw <see cref="TtrpcException"/> to choose the error status; <paramref name="ct"/> fires at the caller's deadline.
/// </summary>
internal delegate ValueTask<IMessage> TtrpcMethod(ByteString payload, CancellationToken ct);
