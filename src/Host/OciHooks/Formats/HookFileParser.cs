using System.Text.Json;
using HookInjector.Host.OciHooks.Formats.Json;

namespace HookInjector.Host.OciHooks.Formats;

/// <summary>
/// Turns the bytes of one hook file into a <see cref="HookDocument"/>: version probe, reader
/// dispatch, and Go's error wording (<c>parsing hook "&lt;path&gt;": &lt;version&gt;: &lt;error&gt;</c>).
/// The document is parsed once and both the probe and the reader walk the same tree.
/// </summary>
internal static class HookFileParser
{
    public static HookDocument Parse(string path, ReadOnlyMemory<byte> content)
    {
        try
        {
            using var json = ParseJson(content);
            var version = ProbeVersion(json.RootElement);
            try
            {
                return version switch
                {
                    V1HookReader.Version => V1HookReader.Read(json.RootElement),
                    V0HookReader.Version or "" => V0HookReader.Read(json.RootElement),
                    _ => throw new HookFormatException($"unrecognized hook version: {GoQuote.Quote(version)}", "version"),
                };
            }
            catch (HookFormatException e) when (version is V1HookReader.Version or V0HookReader.Version or "")
            {
                throw new HookFormatException($"{version}: {e.Message}", e.Field);
            }
        }
        catch (HookFormatException e)
        {
            throw new HookFormatException($"parsing hook {GoQuote.Quote(path)}: {e.Message}", e.Field);
        }
    }

    private static JsonDocument ParseJson(ReadOnlyMemory<byte> content)
    {
        try
        {
            return GoJsonDocument.Parse(content);
        }
        catch (HookFormatException e)
        {
            throw new HookFormatException($"version check: {e.Message}", e.Field);
        }
    }

    private static string ProbeVersion(JsonElement root)
    {
        try
        {
            return HookVersionProbe.ReadVersion(root);
        }
        catch (HookFormatException e)
        {
            throw new HookFormatException($"version check: {e.Message}", e.Field);
        }
    }
}
