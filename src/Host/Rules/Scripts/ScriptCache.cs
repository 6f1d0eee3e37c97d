using System.Security.Cryptography;
using System.Text;
using HookInjector.Abstractions;
using HookInjector.Host.Platform;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Rules.Scripts;

/// <summary>
/// Compiled scripts on disk, keyed by a hash of the compiler's identity (the host build, the
/// contract version, the compile options) and the script text: a restart reuses them without
/// loading the compiler, and any rebuild of the host misses the cache instead of loading stale code.
/// Failed builds are cached too, so a broken script does not cost a compiler start-up on every
/// restart.
/// <para>
/// What the cache holds runs as root, so it is trusted no more than the scripts themselves: the
/// directory must pass <see cref="FileTrust"/> (it is created 0700), each entry is bound to its
/// script by <see cref="ScriptCacheEntry"/> and anything else found under its name is deleted and
/// compiled again, and entries are written only into new files on random names, opened so that
/// nothing planted in the directory (a symlink to /etc/shadow, say) is ever followed, then renamed
/// into place.
/// </para>
/// </summary>
internal sealed class ScriptCache
{
    /// <summary>Far above any image a 1 MiB script compiles to; a larger entry is not read.</summary>
    public const int MaxEntryBytes = 16 * 1024 * 1024;

    private const string EntryExtension = ".entry";
    private const string TemporaryExtension = ".tmp";
    private const UnixFileMode EntryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const int TemporaryNameAttempts = 8;

    /// <summary>How long an entry no script of a load uses is kept since it was last used: old versions of scripts, builds of earlier versions of the plugin.</summary>
    public static readonly TimeSpan UnusedEntryLifetime = TimeSpan.FromDays(30);

    /// <summary>How many files one prune looks at, so that a directory of millions cannot hold up a load.</summary>
    private const int MaxFilesPruned = 10_000;

    // "unsafe: refused" is part of the identity: images compiled while unsafe code was allowed
    // must never be served by a build that forbids it.
    private static readonly byte[] CompilerIdentity = Encoding.UTF8.GetBytes(
        $"hook-injector script cache {ScriptCacheEntry.Version}\n{typeof(ScriptGlobals).Assembly.ManifestModule.ModuleVersionId}\n{ContractVersion.Value}\nunsafe: refused\n");

    private readonly string directory;
    private readonly ILogger logger;
    private readonly Func<string> temporaryName;
    private bool usable;

    public ScriptCache(string directory, ILogger logger)
        : this(directory, logger, () => RandomNumberGenerator.GetHexString(32, lowercase: true))
    {
    }

    /// <param name="temporaryName">Makes the name part of each temporary file; random outside tests.</param>
    internal ScriptCache(string directory, ILogger logger, Func<string> temporaryName)
    {
        this.directory = directory;
        this.logger = logger;
        this.temporaryName = temporaryName;
    }

    public string DirectoryPath => directory;

    public static string KeyOf(ReadOnlySpan<byte> scriptContent)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(CompilerIdentity);
        hash.AppendData(scriptContent);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// Judges the directory afresh; call once per load, before the other members (until then
    /// the cache is off). Null when the cache can be used; otherwise why it is not trusted, and
    /// it stays off, neither read nor written, until the next call. A directory yet to be created
    /// is judged by the nearest existing one above it.
    /// </summary>
    public string? CheckDirectory()
    {
        usable = false;
        var existing = Path.GetFullPath(directory);
        while (!Path.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            existing = parent;
        }
        if (new FileTrust().Check(existing) is { } reason)
        {
            return reason;
        }
        if (existing == Path.GetFullPath(directory) && !Directory.Exists(existing))
        {
            // Not a question of trust, just a path that cannot hold a cache.
            ScriptLog.CacheUnwritable(logger, directory, "it is not a directory");
            return null;
        }
        usable = true;
        return null;
    }

    /// <summary>The cached build for a key, or null when there is none or what is there is not a usable entry of that script.</summary>
    public ScriptBuild? TryRead(string key)
    {
        if (!usable)
        {
            return null;
        }
        var path = PathOf(key);
        try
        {
            var entry = SafeFile.ReadAllBytes(path, MaxEntryBytes, noFollow: true);
            // Judged after reading: in a directory no one else can write, the file read is the file judged.
            if (new FileTrust().CheckEntry(path) is { } untrusted)
            {
                Discard(path, untrusted);
                return null;
            }
            var build = ScriptCacheEntry.Decode(entry, key);
            MarkUsed(path);
            return build;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Discard(path, e.Message);
            return null;
        }
    }

    /// <summary>Stores a build; a cache that cannot be written costs a recompile later, nothing more.</summary>
    public void Write(string key, ScriptBuild build)
    {
        if (!usable || !EnsureDirectory())
        {
            return;
        }
        string? temporary = null;
        try
        {
            temporary = WriteTemporary(ScriptCacheEntry.Encode(key, build));
            if (temporary is not null)
            {
                // rename(2) replaces whatever is at the target, a symlink included, without following it.
                File.Move(temporary, PathOf(key), overwrite: true);
                temporary = null;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ScriptLog.CacheUnwritable(logger, directory, e.Message);
        }
        finally
        {
            if (temporary is not null)
            {
                Delete(temporary);
            }
        }
    }

    /// <summary>
    /// Deletes the entries not among <paramref name="inUse"/> that were last used (read or written) longer than
    /// <see cref="UnusedEntryLifetime"/> ago, and temporary files as old, which a process ended while writing left
    /// behind. Without it, every edit of a script and every new version of the plugin would leave entries forever.
    /// Another plugin or tool sharing the directory loses at most what it has not used for as long: a compile at its next
    /// start. Returns how many files were deleted.
    /// </summary>
    public int Prune(IReadOnlySet<string> inUse, DateTime now)
    {
        if (!usable || !Directory.Exists(directory))
        {
            return 0;
        }
        var deleted = 0;
        try
        {
            foreach (var path in Directory.EnumerateFiles(directory).Take(MaxFilesPruned))
            {
                var name = Path.GetFileName(path);
                var unused = name.EndsWith(TemporaryExtension, StringComparison.Ordinal)
                    || (name.EndsWith(EntryExtension, StringComparison.Ordinal) && !inUse.Contains(name[..^EntryExtension.Length]));
                // A symlink (never a usable entry) is judged by what it points to; deleting it removes only the link.
                if (unused && now - new FileInfo(path).LastWriteTimeUtc > UnusedEntryLifetime && Delete(path))
                {
                    deleted++;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ScriptLog.CacheUnwritable(logger, directory, e.Message);
        }
        return deleted;
    }

    /// <summary>
    /// Sets an entry's modification time to now: it says when the entry was last used (see <see cref="Prune"/>). Best
    /// effort: an entry whose time cannot be set (a cache on a read-only file system) is still a good entry.
    /// </summary>
    private void MarkUsed(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ScriptLog.CacheUnwritable(logger, directory, e.Message);
        }
    }

    /// <summary>Forgets a cached build that turned out to be unusable.</summary>
    public void Remove(string key)
    {
        if (!usable)
        {
            return;
        }
        try
        {
            File.Delete(PathOf(key));
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

    /// <summary>
    /// Writes <paramref name="entry"/> to a new file of the directory, durably; its path, or null
    /// (logged) when none could be created. A name that is taken, by anything, is never opened:
    /// another random name is tried.
    /// </summary>
    private string? WriteTemporary(byte[] entry)
    {
        var errno = 0;
        for (var attempt = 0; attempt < TemporaryNameAttempts; attempt++)
        {
            var path = Path.Join(directory, temporaryName() + TemporaryExtension);
            using var handle = LibC.CreateExclusive(path, EntryMode, out errno);
            if (handle.IsInvalid)
            {
                if (errno == Errno.EEXIST)
                {
                    continue;
                }
                break;
            }
            try
            {
                using var stream = new FileStream(handle, FileAccess.Write, bufferSize: 0);
                stream.Write(entry);
                stream.Flush(flushToDisk: true);
                return path;
            }
            catch
            {
                Delete(path);
                throw;
            }
        }
        ScriptLog.CacheUnwritable(logger, directory, $"cannot create a new file in it: {Errno.Describe(errno)}");
        return null;
    }

    /// <summary>Creates the directory (0700) when missing, and judges the result; false when it cannot be used.</summary>
    private bool EnsureDirectory()
    {
        try
        {
            if (!Directory.Exists(directory))
            {
                _ = OperatingSystem.IsWindows()
                    ? Directory.CreateDirectory(directory)
                    : Directory.CreateDirectory(directory, DirectoryMode);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ScriptLog.CacheUnwritable(logger, directory, e.Message);
            usable = false;
            return false;
        }
        // Whatever was there before, or appeared while it was created, must pass as an existing one does.
        if (new FileTrust().Check(directory) is { } reason)
        {
            ScriptLog.CacheUnwritable(logger, directory, reason);
            usable = false;
            return false;
        }
        return true;
    }

    private void Discard(string path, string reason)
    {
        ScriptLog.CacheEntryDiscarded(logger, path, reason);
        Delete(path);
    }

    private bool Delete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ScriptLog.CacheUnwritable(logger, directory, e.Message);
            return false;
        }
    }

    private string PathOf(string key) => Path.Join(directory, key + EntryExtension);
}
