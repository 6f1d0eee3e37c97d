using System.Runtime.Versioning;
using System.Text;
using HookInjector.Abstractions;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Rules.Scripts;
using HookInjector.Tests.OciHooks;
using HookInjector.Tests.Platform;
using Microsoft.Extensions.Logging;

namespace HookInjector.Tests.Rules.Scripts;

/// <summary>
/// What the script cache holds runs as root: only an entry written for the very script, by this
/// build, into a trusted directory is ever loaded; anything else is logged once, deleted and compiled
/// over, and writing never goes through something planted in the directory.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ScriptCacheTests : IDisposable
{
    private const string ScriptA = """AddHook(HookStage.Prestart, "/bin/a");""";
    private const string ScriptB = """AddHook(HookStage.Prestart, "/bin/b");""";

    private readonly ScriptWorkspace workspace = new();
    private readonly TempDirectory outside = new();

    public void Dispose()
    {
        workspace.Dispose();
        outside.Dispose();
    }

    [Fact]
    public void Cache_directory_is_created_private_and_entries_readable_by_root_only()
    {
        workspace.Write("a.csx", ScriptA);

        Warm();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(workspace.CacheDirectory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(EntryOf(ScriptA)));
        Assert.Empty(Directory.GetFiles(workspace.CacheDirectory, "*.tmp"));
    }

    [Fact]
    public void Another_scripts_image_copied_over_an_entry_is_never_run()
    {
        workspace.Write("a.csx", ScriptA);
        workspace.Write("b.csx", ScriptB);
        Warm();
        File.Copy(EntryOf(ScriptB), EntryOf(ScriptA), overwrite: true);

        var (hookPaths, problems, compilations, warnings) = LoadAnew();

        Assert.Equal(["/bin/a", "/bin/b"], hookPaths);
        Assert.Equal(1, compilations);
        Assert.Contains("compiled from another script", Assert.Single(warnings), StringComparison.Ordinal);
        AssertServedFromCache();
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("truncated")]
    [InlineData("tampered")]
    [InlineData("foreign")]
    [InlineData("old format")]
    public void A_damaged_or_foreign_entry_is_logged_once_deleted_and_compiled_again(string damage)
    {
        workspace.Write("a.csx", ScriptA);
        Warm();
        var entry = EntryOf(ScriptA);
        var bytes = File.ReadAllBytes(entry);
        File.WriteAllBytes(entry, damage switch
        {
            "empty" => [],
            "truncated" => bytes[..(bytes.Length / 2)],
            // One byte of the compiled code changed, as a hand-edited image would be.
            "tampered" => [.. bytes[..^1], (byte)(bytes[^1] ^ 0xFF)],
            "foreign" => Encoding.UTF8.GetBytes("not an assembly"),
            // The image alone, as the cache used to store it.
            _ => bytes[ScriptCacheEntry.HeaderBytes..],
        });

        var (hookPaths, problems, compilations, warnings) = LoadAnew();

        Assert.Equal(["/bin/a"], hookPaths);
        Assert.Empty(problems);
        Assert.Equal(1, compilations);
        Assert.StartsWith($"Script cache entry {entry} is not used and is deleted", Assert.Single(warnings), StringComparison.Ordinal);
        AssertServedFromCache();
    }

    [Fact]
    public void An_entry_owned_by_another_user_is_not_loaded()
    {
        workspace.Write("a.csx", ScriptA);
        Warm();
        FileOwner.Set(EntryOf(ScriptA), FileOwner.OtherUser);

        var (hookPaths, problems, compilations, warnings) = LoadAnew();

        Assert.Equal(["/bin/a"], hookPaths);
        Assert.Equal(1, compilations);
        Assert.Contains("(owner 1000, mode 0600)", Assert.Single(warnings), StringComparison.Ordinal);
        AssertServedFromCache();
    }

    [Fact]
    public void A_symlink_planted_at_an_entry_is_neither_read_nor_written_through()
    {
        workspace.Write("a.csx", ScriptA);
        Warm();
        var victim = outside.Write("victim", "precious");
        var entry = EntryOf(ScriptA);
        File.Delete(entry);
        File.CreateSymbolicLink(entry, victim);

        var (hookPaths, problems, compilations, warnings) = LoadAnew();

        Assert.Equal(["/bin/a"], hookPaths);
        Assert.Equal(1, compilations);
        Assert.Contains("is a symbolic link", Assert.Single(warnings), StringComparison.Ordinal);
        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.Null(new FileInfo(entry).LinkTarget);
        AssertServedFromCache();
    }

    [Fact]
    public void A_symlink_planted_at_a_temporary_name_is_never_followed()
    {
        Directory.CreateDirectory(workspace.CacheDirectory);
        var victim = outside.Write("victim", "precious");
        File.CreateSymbolicLink(Path.Join(workspace.CacheDirectory, "planted.tmp"), victim);
        var names = new Queue<string>(["planted", "fresh"]);
        var log = new ListLogger<ScriptCacheTests>();
        var cache = new ScriptCache(workspace.CacheDirectory, log, names.Dequeue);
        var key = ScriptCache.KeyOf("x"u8);
        Assert.Null(cache.CheckDirectory());

        cache.Write(key, ScriptBuild.Success([1, 2, 3]));

        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.Equal(victim, new FileInfo(Path.Join(workspace.CacheDirectory, "planted.tmp")).LinkTarget);
        Assert.Equal(new byte[] { 1, 2, 3 }, Assert.IsType<ScriptBuild>(cache.TryRead(key)).Image.ToArray());
        Assert.Empty(log.Messages(LogLevel.Warning));
    }

    [Fact]
    public void The_temporary_name_the_cache_used_to_write_through_is_harmless_now()
    {
        workspace.Write("a.csx", ScriptA);
        Directory.CreateDirectory(workspace.CacheDirectory);
        var victim = outside.Write("victim", "precious");
        var entry = EntryOf(ScriptA);
        foreach (var planted in new[] { $"{entry}.{Environment.ProcessId}.tmp", $"{Path.ChangeExtension(entry, ".dll")}.{Environment.ProcessId}.tmp" })
        {
            File.CreateSymbolicLink(planted, victim);
        }

        Warm();

        Assert.Equal("precious", File.ReadAllText(victim));
        AssertServedFromCache();
    }

    [Fact]
    public void A_cache_directory_others_can_write_is_not_used_at_all()
    {
        workspace.Write("a.csx", ScriptA);
        Directory.CreateDirectory(workspace.CacheDirectory);
        File.SetUnixFileMode(workspace.CacheDirectory, (UnixFileMode)0x1FF);
        var planted = Path.Join(workspace.CacheDirectory, Path.GetFileName(EntryOf(ScriptA)));
        File.WriteAllText(planted, "planted by someone else");

        var (hookPaths, problems, compilations, _) = LoadAnew();

        Assert.Equal(["/bin/a"], hookPaths);
        Assert.Equal(1, compilations);
        var problem = Assert.Single(problems);
        Assert.True(problem.IsUntrusted);
        Assert.Equal(workspace.CacheDirectory, problem.File);
        Assert.Contains($"{workspace.CacheDirectory} is writable by others (owner 0, mode 0777)", problem.Message, StringComparison.Ordinal);
        // Neither read (it would have been deleted as foreign) nor written.
        Assert.Equal([planted], Directory.GetFiles(workspace.CacheDirectory));
        Assert.Equal("planted by someone else", File.ReadAllText(planted));
    }

    [Fact]
    public void An_untrusted_cache_is_reported_once_per_load_however_many_scripts_compile()
    {
        workspace.Write("a.csx", ScriptA);
        workspace.Write("b.csx", ScriptB);
        Directory.CreateDirectory(workspace.CacheDirectory);
        FileOwner.Set(workspace.CacheDirectory, FileOwner.OtherUser);

        var (hookPaths, problems, compilations, _) = LoadAnew();

        Assert.Equal(["/bin/a", "/bin/b"], hookPaths);
        Assert.Equal(2, compilations);
        Assert.Contains("is owned by neither root nor the plugin's user (owner 1000, mode 0755)", Assert.Single(problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_scripts_the_cache_is_not_judged()
    {
        Directory.CreateDirectory(workspace.CacheDirectory);
        File.SetUnixFileMode(workspace.CacheDirectory, (UnixFileMode)0x1FF);

        Assert.Empty(LoadAnew().Problems);
    }

    [Fact]
    public void Entries_no_script_has_used_for_a_month_are_deleted_and_the_others_kept()
    {
        const string Edited = """AddHook(HookStage.Prestart, "/bin/a-before-an-edit");""";
        workspace.Write("a.csx", Edited);
        workspace.Write("b.csx", ScriptB);
        Warm();
        workspace.Write("a.csx", ScriptA);
        Warm();
        var longAgo = DateTime.UtcNow - ScriptCache.UnusedEntryLifetime - TimeSpan.FromDays(1);
        // The entry of the text a.csx had before its edit, and the one b.csx still uses: both unused for long.
        File.SetLastWriteTimeUtc(EntryOf(Edited), longAgo);
        File.SetLastWriteTimeUtc(EntryOf(ScriptB), longAgo);
        // What a process left when it ended while writing, and a file the cache never writes.
        var leftover = Path.Join(workspace.CacheDirectory, "0123abcd.tmp");
        File.WriteAllText(leftover, "half an entry");
        File.SetLastWriteTimeUtc(leftover, longAgo);
        var foreign = Path.Join(workspace.CacheDirectory, "notes.txt");
        File.WriteAllText(foreign, "not the cache's");
        File.SetLastWriteTimeUtc(foreign, longAgo);

        var (hookPaths, problems, compilations, _) = LoadAnew();

        Assert.Equal(["/bin/a", "/bin/b"], hookPaths);
        Assert.Empty(problems);
        Assert.Equal(0, compilations);
        Assert.False(File.Exists(EntryOf(Edited)), "the entry of a text no script has any more was kept");
        Assert.False(File.Exists(leftover), "the temporary file left behind was kept");
        Assert.True(File.Exists(foreign));
        // Used by this load: kept, and its time says so, so that another process sharing the cache keeps it too.
        Assert.True(File.Exists(EntryOf(ScriptB)));
        Assert.True(File.GetLastWriteTimeUtc(EntryOf(ScriptB)) > DateTime.UtcNow - TimeSpan.FromDays(1));
        Assert.True(File.Exists(EntryOf(ScriptA)));
    }

    [Fact]
    public void An_unused_entry_younger_than_a_month_is_kept_for_another_process_sharing_the_cache()
    {
        const string Other = """AddHook(HookStage.Prestart, "/bin/other");""";
        workspace.Write("other.csx", Other);
        Warm();
        workspace.Delete("other.csx");
        workspace.Write("a.csx", ScriptA);
        File.SetLastWriteTimeUtc(EntryOf(Other), DateTime.UtcNow - ScriptCache.UnusedEntryLifetime + TimeSpan.FromDays(1));

        Assert.Equal(["/bin/a"], LoadAnew().HookPaths);

        Assert.True(File.Exists(EntryOf(Other)));
    }

    [Fact]
    public void Nothing_is_deleted_from_a_cache_directory_others_can_write()
    {
        workspace.Write("a.csx", ScriptA);
        Directory.CreateDirectory(workspace.CacheDirectory);
        File.SetUnixFileMode(workspace.CacheDirectory, (UnixFileMode)0x1FF);
        var planted = Path.Join(workspace.CacheDirectory, new string('0', 64) + ".entry");
        File.WriteAllText(planted, "old, unused, and not the plugin's to judge");
        File.SetLastWriteTimeUtc(planted, DateTime.UtcNow - ScriptCache.UnusedEntryLifetime - TimeSpan.FromDays(1));

        var (hookPaths, problems, _, _) = LoadAnew();

        Assert.Equal(["/bin/a"], hookPaths);
        Assert.True(Assert.Single(problems).IsUntrusted);
        Assert.True(File.Exists(planted));
    }

    private string EntryOf(string script) =>
        Path.Join(workspace.CacheDirectory, ScriptCache.KeyOf(Encoding.UTF8.GetBytes(script)) + ".entry");

    private void Warm()
    {
        using var source = workspace.NewSource();
        Assert.Empty(source.Load(CancellationToken.None).Problems);
    }

    /// <summary>A start with a fresh source: the first hook path each script adds, run while the source holds their code.</summary>
    private Load LoadAnew()
    {
        var log = new ListLogger<ScriptSource>();
        using var source = new ScriptSource(workspace.Options, log);
        var snapshot = source.Load(CancellationToken.None);
        return new Load([.. snapshot.Matchers.Select(RunFirstHookPath)], snapshot.Problems, source.Compilations, log.Messages(LogLevel.Warning));
    }

    /// <summary>What was written after a bad entry is good: the next start compiles nothing and warns of nothing.</summary>
    private void AssertServedFromCache()
    {
        var (_, _, compilations, warnings) = LoadAnew();
        Assert.Equal(0, compilations);
        Assert.Empty(warnings);
    }

    private sealed record Load(IReadOnlyList<string> HookPaths, IReadOnlyList<SourceProblem> Problems, int Compilations, IReadOnlyList<string> Warnings);

    private static string RunFirstHookPath(MatcherEntry entry)
    {
        var recorder = new HookRecorder();
        entry.Matcher.AddHooks(Containers.Create(), recorder, CancellationToken.None);
        return recorder.Added[0].Hook.Path;
    }
}
