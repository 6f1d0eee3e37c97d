using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HookInjector.Abstractions;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Rules.Scripts;

/// <summary>
/// Compiled scripts on disk, keyed by a hash of the script text, the host build and the contract
/// version: a restart reuses them without loading the compiler, and any rebuild of the host (which
/// the compiled code binds to) misses the cache instead of loading stale code. Failed builds are
/// cached too, so a broken script does not cost a compiler start-up on every restart.
/// </summary>
internal sealed class ScriptCache(string directory, ILogger logger)
{
    private const string ImageExtension = ".dll";
    private const string ErrorsExtension = ".errors.json";

    private static readonly byte[] BuildIdentity = Encoding.UTF8.GetBytes(
        $"hook-injector script cache 1\n{typeof(ScriptGlobals).Assembly.ManifestModule.ModuleVersionId}\n{ContractVersion.Value}\n");

    public static string KeyOf(ReadOnlySpan<byte> scriptContent)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(BuildIdentity);
        hash.AppendData(scriptContent);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The cached build for a key, or null when there is none or it cannot be read.</summary>
    public ScriptBuild? TryRead(string key)
    {
        try
        {
            var imagePath = PathOf(key, ImageExtension);
            if (File.Exists(imagePath))
            {
                return ScriptBuild.Success(ImmutableArray.Create(File.ReadAllBytes(imagePath)));
            }
            var errorsPath = PathOf(key, ErrorsExtension);
            if (File.Exists(errorsPath))
            {
                var errors = JsonSerializer.Deserialize(File.ReadAllBytes(errorsPath), ScriptCacheJsonContext.Default.ScriptErrorArray);
                return errors is { Length: > 0 } ? ScriptBuild.Failure([.. errors]) : null;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            ScriptLog.CacheUnreadable(logger, key, e.Message);
        }
        return null;
    }

    /// <summary>Stores a build; a cache that cannot be written costs a recompile later, nothing more.</summary>
    public void Write(string key, ScriptBuild build)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var bytes = build.Succeeded
                ? build.Image.AsSpan()
                : JsonSerializer.SerializeToUtf8Bytes(build.Errors.ToArray(), ScriptCacheJsonContext.Default.ScriptErrorArray);
            var target = PathOf(key, build.Succeeded ? ImageExtension : ErrorsExtension);
            // Written aside and renamed so a concurrent reader or a crash never sees half a file.
            var temporary = $"{target}.{Environment.ProcessId}.tmp";
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ScriptLog.CacheUnwritable(logger, directory, e.Message);
        }
    }

    /// <summary>Forgets a cached build that turned out to be unusable.</summary>
    public void Remove(string key)
    {
        try
        {
            File.Delete(PathOf(key, ImageExtension));
            File.Delete(PathOf(key, ErrorsExtension));
        }
        catch (DirectoryNotFoundException)
        {
            // No cache yet, so nothing to forget.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ScriptLog.CacheUnwritable(logger, directory, e.Message);
        }
    }

    private string PathOf(string key, string extension) => Path.Combine(directory, key + extension);
}
