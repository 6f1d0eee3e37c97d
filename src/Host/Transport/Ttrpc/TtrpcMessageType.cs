namespace HookInjector.Host.Transport.Ttrpc;

internal enum TtrpcMessageType : byte
{
    Request = 1,
    Response = 2,

    /// <summary>Streaming only; NRI defines no streaming methods.</summary>
    Data = 3,
}
