using HookInjector.Host.Extensions;
using HookInjector.Tests.OciHooks;

namespace HookInjector.Tests.Extensions;

public sealed class FolderFingerprintTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private static string Of(string folder, out string? problem) => FolderFingerprint.Of(folder, CancellationToken.None, out problem);

    private static IEnumerable<string> Paths(string fingerprint) =>
        fingerprint.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\0')[0]);

    [Fact]
    public void Files_of_nested_folders_are_fingerprinted_by_relative_path()
    {
        var folder = temp.CreateDirectory("Ext");
        temp.Write("Ext/Ext.dll", "a");
        temp.CreateDirectory("Ext", "runtimes", "linux-x64");
        temp.Write("Ext/runtimes/linux-x64/native.so", "b");

        var fingerprint = Of(folder, out var problem);

        Assert.Null(problem);
        Assert.Equal(["Ext.dll", "runtimes/linux-x64/native.so"], Paths(fingerprint));
    }

    [Fact]
    public void Two_symlinks_to_an_ancestor_are_not_walked_into()
    {
        // Followed, these would make 2^depth paths; the published plugin walked 2^40 of them.
        var folder = temp.CreateDirectory("Ext");
        temp.Write("Ext/Ext.dll", "a");
        temp.Symlink("Ext/up", folder);
        temp.Symlink("Ext/again", temp.Path);

        var fingerprint = Of(folder, out var problem);

        Assert.Null(problem);
        Assert.Equal(["Ext.dll"], Paths(fingerprint));
    }

    [Fact]
    public void A_symlinked_extension_folder_itself_is_followed()
    {
        var real = temp.CreateDirectory("..data", "Ext");
        temp.Write("..data/Ext/Ext.dll", "a");
        var linked = temp.Symlink("Ext", real);

        Assert.Equal(["Ext.dll"], Paths(Of(linked, out var problem)));
        Assert.Null(problem);
    }

    [Fact]
    public void Symlinked_files_are_fingerprinted_by_their_target()
    {
        var folder = temp.CreateDirectory("Ext");
        var target = temp.Write("elsewhere.dll", "abc");
        File.SetLastWriteTimeUtc(target, new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        temp.Symlink("Ext/Ext.dll", target);

        var fingerprint = Of(folder, out var problem);

        Assert.Null(problem);
        Assert.StartsWith("Ext.dll\u00003\u0000", fingerprint, StringComparison.Ordinal);
        Assert.EndsWith($"\u0000{File.GetLastWriteTimeUtc(target).Ticks}\n", fingerprint, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_deeper_than_the_cap_is_a_problem_naming_the_folder_and_the_cap()
    {
        var folder = temp.CreateDirectory("Ext");
        var deepest = temp.CreateDirectory(["Ext", .. Enumerable.Repeat("d", FolderFingerprint.MaxDepth + 1)]);

        Of(folder, out var problem);

        Assert.Equal($"{deepest}: nested more than {FolderFingerprint.MaxDepth} directories deep in {folder}; the extension is not loaded", problem);
    }

    [Fact]
    public void Nesting_exactly_at_the_cap_is_walked()
    {
        var folder = temp.CreateDirectory("Ext");
        temp.CreateDirectory(["Ext", .. Enumerable.Repeat("d", FolderFingerprint.MaxDepth)]);
        temp.Write(Path.Join(["Ext", .. Enumerable.Repeat("d", FolderFingerprint.MaxDepth), "deep.dll"]), "x");

        var fingerprint = Of(folder, out var problem);

        Assert.Null(problem);
        Assert.Single(Paths(fingerprint));
    }

    [Fact]
    public void More_entries_than_the_cap_is_a_problem_naming_the_folder_and_the_cap()
    {
        var folder = temp.CreateDirectory("Ext");
        for (var i = 0; i <= FolderFingerprint.MaxEntries; i++)
        {
            File.Create(Path.Join(folder, i.ToString(System.Globalization.CultureInfo.InvariantCulture))).Dispose();
        }

        Of(folder, out var problem);

        Assert.Equal($"{folder}: holds more than {FolderFingerprint.MaxEntries} entries; the extension is not loaded", problem);
    }

    [Fact]
    public void A_FIFO_anywhere_in_the_folder_is_a_problem_naming_it()
    {
        var folder = temp.CreateDirectory("Ext");
        temp.Write("Ext/Ext.dll", "a");
        temp.CreateDirectory("Ext", "lib");
        var fifo = temp.Fifo("Ext/lib/Dependency.dll");

        Of(folder, out var problem);

        Assert.Equal($"{fifo}: not a regular file (FIFO); the assembly loader could hang on it, so the extension is not loaded", problem);
    }

    [Fact]
    public void A_cancelled_walk_stops()
    {
        var folder = temp.CreateDirectory("Ext");
        Assert.Throws<OperationCanceledException>(() => FolderFingerprint.Of(folder, new CancellationToken(canceled: true), out _));
    }
}
