using System.Runtime.Versioning;
using HookInjector.Tests.Platform;

namespace HookInjector.Tests.Rules.Scripts;

/// <summary>A script others than root can change is refused before it is read or compiled, with the reason.</summary>
[SupportedOSPlatform("linux")]
public sealed class ScriptTrustTests : IDisposable
{
    private const UnixFileMode WorldWritable = (UnixFileMode)0x1FF;

    private readonly ScriptWorkspace workspace = new();

    public void Dispose() => workspace.Dispose();

    [Fact]
    public void Scripts_of_a_world_writable_rules_directory_are_refused_without_compiling()
    {
        var path = workspace.Write("a.csx", """AddHook(HookStage.Prestart, "/bin/a");""");
        File.SetUnixFileMode(workspace.RulesDirectory, WorldWritable);
        FileOwner.Set(workspace.RulesDirectory, FileOwner.OtherUser);
        using var source = workspace.NewSource();

        var snapshot = source.Load(CancellationToken.None);

        Assert.Empty(snapshot.Matchers);
        Assert.Equal(0, source.Compilations);
        var problem = Assert.Single(snapshot.Problems);
        Assert.True(problem.IsUntrusted);
        Assert.Equal(path, problem.File);
        Assert.StartsWith($"not loaded: {workspace.RulesDirectory} is writable by others (owner 1000, mode 0777)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_script_of_another_user_is_refused_and_the_others_still_load()
    {
        var foreign = workspace.Write("a.csx", """AddHook(HookStage.Prestart, "/bin/a");""");
        workspace.Write("b.csx", """AddHook(HookStage.Prestart, "/bin/b");""");
        FileOwner.Set(foreign, FileOwner.OtherUser);
        using var source = workspace.NewSource();

        var snapshot = source.Load(CancellationToken.None);

        Assert.Equal(["b.csx"], snapshot.Matchers.Select(entry => entry.Origin.Name));
        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal(foreign, problem.File);
        Assert.Contains($"{foreign} is owned by neither root nor the plugin's user (owner 1000, mode 0644)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_loaded_script_that_becomes_writable_by_its_group_is_dropped_at_the_next_load()
    {
        var path = workspace.Write("a.csx", """AddHook(HookStage.Prestart, "/bin/a");""");
        using var source = workspace.NewSource();
        Assert.Single(source.Load(CancellationToken.None).Matchers);

        File.SetUnixFileMode(path, (UnixFileMode)0x1B4);
        var snapshot = source.Load(CancellationToken.None);

        Assert.Empty(snapshot.Matchers);
        Assert.Contains($"{path} is writable by its group (owner 0, mode 0664)", Assert.Single(snapshot.Problems).Message, StringComparison.Ordinal);
    }
}
