namespace HookInjector.Tests.Transport;

internal static class Hex
{
    /// <summary>Bytes from hex written with spaces for readability, e.g. "00 00 00 01".</summary>
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
}
