namespace HookInjector.Host.Transport.Ttrpc;

/// <summary>A ttrpc call failed with a status code: thrown by the client, or by a handler to choose the reply status.</summary>
internal sealed class TtrpcException(TtrpcStatusCode code, string message) : Exception(message)
{
    public TtrpcStatusCode Code { get; } = code;
}
