namespace HookInjector.Host.OciHooks.Loading;

/// <summary>What reading one hook file gave: its bytes, nothing (it vanished), or an error.</summary>
internal readonly record struct HookFileContent(ReadOnlyMemory<byte> Bytes, bool Vanished, HookLoadError? Error)
{
    public static HookFileContent Gone => new(default, Vanished: true, Error: null);

    public static HookFileContent Read(ReadOnlyMemory<byte> bytes) => new(bytes, Vanished: false, Error: null);

    public static HookFileContent Failed(string path, string message) =>
        new(default, Vanished: false, new HookLoadError(path, Field: null, message, HookLoadErrorKind.Read));
}
