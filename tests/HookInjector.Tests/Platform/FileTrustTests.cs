using System.Runtime.Versioning;
using HookInjector.Host.Platform;
using HookInjector.Tests.OciHooks;

namespace HookInjector.Tests.Platform;

[SupportedOSPlatform("linux")]
public sealed class FileTrustTests : IDisposable
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode Shared = Private | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private const UnixFileMode WorldWritable = Shared | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    // Under /tmp (root-owned, sticky), in a directory only root can write.
    private readonly TempDirectory temp = new();

    public FileTrustTests() => File.SetUnixFileMode(temp.Path, Shared);

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_root_owned_file_writable_by_root_only_is_trusted()
    {
        var script = temp.Write("rules.d/a.csx", "");

        Assert.Null(new FileTrust().Check(script));
        Assert.Null(new FileTrust().CheckFile(script));
    }

    [Fact]
    public void A_world_writable_directory_above_the_file_is_named_with_its_owner_and_mode()
    {
        var script = temp.Write("rules.d/a.csx", "");
        var rules = temp.Combine("rules.d");
        File.SetUnixFileMode(rules, WorldWritable);
        FileOwner.Set(rules, FileOwner.OtherUser);

        Assert.Equal($"{rules} is writable by others (owner 1000, mode 0777)", new FileTrust().Check(script));
        Assert.Equal($"{rules} is writable by others (owner 1000, mode 0777)", new FileTrust().CheckFile(script));
    }

    [Fact]
    public void A_group_writable_file_is_refused()
    {
        var script = temp.Write("rules.d/a.csx", "");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);

        Assert.Equal($"{script} is writable by its group (owner 0, mode 0660)", new FileTrust().Check(script));
    }

    [Fact]
    public void A_directory_two_levels_up_counts_as_much_as_the_file()
    {
        var script = temp.Write("etc/rules.d/a.csx", "");
        File.SetUnixFileMode(temp.Combine("etc"), Shared | UnixFileMode.GroupWrite);

        Assert.Equal($"{temp.Combine("etc")} is writable by its group (owner 0, mode 0775)", new FileTrust().Check(script));
    }

    [Fact]
    public void A_file_of_another_user_is_refused_unless_that_user_is_the_plugin()
    {
        var script = temp.Write("rules.d/a.csx", "");
        FileOwner.Set(script, FileOwner.OtherUser);

        Assert.Equal($"{script} is owned by neither root nor the plugin's user (owner 1000, mode 0644)", new FileTrust().Check(script));
        Assert.Null(new FileTrust(trustedOwner: FileOwner.OtherUser).Check(script));
    }

    [Fact]
    public void A_root_owned_sticky_directory_is_fine_above_the_item_but_not_as_the_item()
    {
        var shared = temp.CreateDirectory("shared");
        File.SetUnixFileMode(shared, WorldWritable | UnixFileMode.StickyBit);
        var script = temp.Write("shared/a.csx", "");

        Assert.Null(new FileTrust().Check(script));
        Assert.Equal($"{shared} is writable by others (owner 0, mode 01777)", new FileTrust().Check(shared));
    }

    [Fact]
    public void A_sticky_directory_owned_by_another_user_is_not_fine()
    {
        var shared = temp.CreateDirectory("shared");
        File.SetUnixFileMode(shared, WorldWritable | UnixFileMode.StickyBit);
        FileOwner.Set(shared, FileOwner.OtherUser);
        var script = temp.Write("shared/a.csx", "");

        Assert.Equal($"{shared} is writable by others (owner 1000, mode 01777)", new FileTrust().Check(script));
    }

    [Fact]
    public void A_symlink_into_a_writable_directory_is_judged_by_where_it_leads()
    {
        var target = temp.Write("drop/a.csx", "");
        File.SetUnixFileMode(temp.Combine("drop"), WorldWritable);
        temp.CreateDirectory("rules.d");
        var link = temp.Symlink("rules.d/a.csx", target);

        Assert.Equal($"{temp.Combine("drop")} is writable by others (owner 0, mode 0777)", new FileTrust().Check(link));
        Assert.Equal($"{temp.Combine("drop")} is writable by others (owner 0, mode 0777)", new FileTrust().CheckFile(link));
    }

    [Fact]
    public void A_symlinked_directory_in_the_path_is_followed_to_its_real_chain()
    {
        var script = temp.Write("drop/rules/a.csx", "");
        File.SetUnixFileMode(temp.Combine("drop"), WorldWritable);
        var link = temp.Symlink("rules.d", temp.Combine("drop", "rules"));

        Assert.Equal($"{temp.Combine("drop")} is writable by others (owner 0, mode 0777)", new FileTrust().Check(Path.Join(link, "a.csx")));
    }

    [Fact]
    public void A_symlink_owned_by_another_user_is_refused_though_its_target_is_trusted()
    {
        var target = temp.Write("a.csx", "");
        var link = temp.Symlink("b.csx", target);
        FileOwner.Set(link, FileOwner.OtherUser);

        var reason = new FileTrust().Check(link);

        Assert.StartsWith($"{link} is a symbolic link owned by another user (owner 1000, mode ", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_path_is_not_trusted()
    {
        var missing = temp.Combine("nothing.csx");

        Assert.Equal($"{missing} cannot be examined: no such file or directory", new FileTrust().Check(missing));
    }

    [Fact]
    public void CheckFile_walks_each_directory_chain_once_per_instance()
    {
        var first = temp.Write("rules.d/a.csx", "");
        var second = temp.Write("rules.d/b.csx", "");
        var trust = new FileTrust();
        Assert.Null(trust.CheckFile(first));

        File.SetUnixFileMode(temp.Combine("rules.d"), WorldWritable);

        // The same load keeps its verdict on the directory, and still judges each file itself…
        Assert.Null(trust.CheckFile(second));
        File.SetUnixFileMode(second, UnixFileMode.UserWrite | UnixFileMode.UserRead | UnixFileMode.OtherWrite);
        Assert.Equal($"{second} is writable by others (owner 0, mode 0602)", trust.CheckFile(second));
        // …while the next load sees the change.
        Assert.StartsWith($"{temp.Combine("rules.d")} is writable by others", new FileTrust().CheckFile(first), StringComparison.Ordinal);
    }
}
