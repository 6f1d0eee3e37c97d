using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;

namespace HookInjector.Host.Rules.Scripts;

/// <summary>
/// The file form of one cached build, bound to the script it was compiled from. A header names
/// the format, the cache key (the SHA-256 of the compiler's identity and the script's text) and the
/// SHA-256 of the payload; the payload is the assembly image, or the compiler errors as JSON.
/// <see cref="Decode"/> accepts an entry only when every part of that agrees, so another script's
/// image copied over an entry, a truncated, empty or foreign file, or a changed byte is refused
/// instead of run as root.
/// <code>
/// magic "HIJSCRPT" | version u32 | kind u32 | key [32] | payload SHA-256 [32] | payload length u32 | payload
/// </code>
/// (integers little-endian).
/// </summary>
internal static class ScriptCacheEntry
{
    public const int Version = 1;

    private const int KeyBytes = 32;
    private const int DigestBytes = 32;
    private const int MagicOffset = 0;
    private const int VersionOffset = 8;
    private const int KindOffset = 12;
    private const int KeyOffset = 16;
    private const int DigestOffset = KeyOffset + KeyBytes;
    private const int LengthOffset = DigestOffset + DigestBytes;
    public const int HeaderBytes = LengthOffset + 4;

    private const uint ImageKind = 1;
    private const uint ErrorsKind = 2;

    private static ReadOnlySpan<byte> Magic => "HIJSCRPT"u8;

    /// <summary>The entry for <paramref name="build"/> of the script whose cache key is <paramref name="key"/>.</summary>
    public static byte[] Encode(string key, ScriptBuild build)
    {
        ReadOnlySpan<byte> payload = build.Succeeded
            ? build.Image.AsSpan()
            : JsonSerializer.SerializeToUtf8Bytes(build.Errors.ToArray(), ScriptCacheJsonContext.Default.ScriptErrorArray);
        var entry = new byte[HeaderBytes + payload.Length];
        Magic.CopyTo(entry.AsSpan(MagicOffset));
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(VersionOffset), Version);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(KindOffset), build.Succeeded ? ImageKind : ErrorsKind);
        Convert.FromHexString(key).CopyTo(entry.AsSpan(KeyOffset));
        SHA256.HashData(payload, entry.AsSpan(DigestOffset, DigestBytes));
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(LengthOffset), (uint)payload.Length);
        payload.CopyTo(entry.AsSpan(HeaderBytes));
        return entry;
    }

    /// <summary>The build an entry holds for the script whose cache key is <paramref name="key"/>.</summary>
    /// <exception cref="InvalidDataException">The entry is not exactly what <see cref="Encode"/> wrote for that key; the message says how.</exception>
    public static ScriptBuild Decode(ReadOnlySpan<byte> entry, string key)
    {
        if (entry.IsEmpty)
        {
            throw new InvalidDataException("the entry is empty");
        }
        if (entry.Length < HeaderBytes || !entry[MagicOffset..VersionOffset].SequenceEqual(Magic))
        {
            throw new InvalidDataException("the file is not a script cache entry");
        }
        var version = BinaryPrimitives.ReadUInt32LittleEndian(entry[VersionOffset..]);
        if (version != Version)
        {
            throw new InvalidDataException($"the entry has format version {version}, not {Version}");
        }
        if (!entry.Slice(KeyOffset, KeyBytes).SequenceEqual(Convert.FromHexString(key)))
        {
            throw new InvalidDataException("the entry was compiled from another script or by another build");
        }
        var payload = entry[HeaderBytes..];
        var length = BinaryPrimitives.ReadUInt32LittleEndian(entry[LengthOffset..]);
        if (length != payload.Length)
        {
            throw new InvalidDataException($"the entry holds {payload.Length} payload bytes where its header says {length}");
        }
        Span<byte> digest = stackalloc byte[DigestBytes];
        SHA256.HashData(payload, digest);
        if (!digest.SequenceEqual(entry.Slice(DigestOffset, DigestBytes)))
        {
            throw new InvalidDataException("the entry's payload does not match its digest");
        }
        return BinaryPrimitives.ReadUInt32LittleEndian(entry[KindOffset..]) switch
        {
            ImageKind => ScriptBuild.Success(ImmutableArray.Create(payload)),
            ErrorsKind => Errors(payload),
            var kind => throw new InvalidDataException($"the entry has unknown kind {kind}"),
        };
    }

    private static ScriptBuild Errors(ReadOnlySpan<byte> payload)
    {
        try
        {
            var errors = JsonSerializer.Deserialize(payload, ScriptCacheJsonContext.Default.ScriptErrorArray);
            return errors is { Length: > 0 }
                ? ScriptBuild.Failure([.. errors])
                : throw new InvalidDataException("the entry holds no compiler errors");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"the entry's compiler errors are not valid JSON: {e.Message}", e);
        }
    }
}
