using System.Runtime.Versioning;
using HookInjector.Tests.Platform;

namespace HookInjector.Tests.Extensions;

/// <summary>An extension folder is loaded only when it, the directories above it and everything in it pass FileTrust.</summary>
[SupportedOSPlatform("linux")]
public sealed class ExtensionTrustTests : IDisposable
{
    private readonly ExtensionWorkspace workspace = new();

    public void Dispose() => workspace.Dispose();

    [Fact]
    public void A_group_writable_file_in_a_folder_refuses_that_extension_only()
    {
        workspace.Build("Good", ExtensionWorkspace.Matcher("GoodMatcher", "good", "/bin/good"));
        workspace.Build("Bad", ExtensionWorkspace.Matcher("BadMatcher", "bad", "/bin/bad"));
        var dependency = Path.Combine(workspace.FolderOf("Bad"), "Dependency.dll");
        File.WriteAllText(dependency, "");
        File.SetUnixFileMode(dependency, (UnixFileMode)0x1B4);
        using var source = workspace.NewSource();

        var snapshot = source.Load(CancellationToken.None);

        Assert.Equal(["Good/good"], snapshot.Matchers.Select(entry => entry.Origin.Name));
        var problem = Assert.Single(snapshot.Problems);
        Assert.True(problem.IsUntrusted);
        Assert.Equal(workspace.FolderOf("Bad"), problem.File);
        Assert.StartsWith($"extension Bad is not loaded: {dependency} is writable by its group (owner 0, mode 0664)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_of_another_user_deep_inside_a_folder_refuses_the_extension()
    {
        workspace.Build("Deep", ExtensionWorkspace.Matcher("DeepMatcher", "deep", "/bin/deep"));
        var nested = Path.Combine(workspace.FolderOf("Deep"), "runtimes", "linux", "lib", "native.so");
        Directory.CreateDirectory(Path.GetDirectoryName(nested)!);
        File.WriteAllText(nested, "");
        FileOwner.Set(nested, FileOwner.OtherUser);
        using var source = workspace.NewSource();

        var snapshot = source.Load(CancellationToken.None);

        Assert.Empty(snapshot.Matchers);
        Assert.Contains($"{nested} is owned by neither root nor the plugin's user (owner 1000, mode 0644)", Assert.Single(snapshot.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_world_writable_extensions_directory_refuses_every_folder()
    {
        workspace.Build("One", ExtensionWorkspace.Matcher("OneMatcher", "one", "/bin/one"));
        workspace.Build("Two", ExtensionWorkspace.Matcher("TwoMatcher", "two", "/bin/two"));
        File.SetUnixFileMode(workspace.ExtensionsDirectory, (UnixFileMode)0x1FF);
        using var source = workspace.NewSource();

        var snapshot = source.Load(CancellationToken.None);

        Assert.Empty(snapshot.Matchers);
        Assert.Equal([workspace.FolderOf("One"), workspace.FolderOf("Two")], snapshot.Problems.Select(problem => problem.File).Order(StringComparer.Ordinal));
        Assert.All(snapshot.Problems, problem => Assert.Contains($"{workspace.ExtensionsDirectory} is writable by others (owner 0, mode 0777)", problem.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_chmod_alone_unloads_a_loaded_extension_and_a_chmod_back_loads_it_again()
    {
        var assembly = workspace.Build("Flip", ExtensionWorkspace.Matcher("FlipMatcher", "flip", "/bin/flip"));
        var mode = File.GetUnixFileMode(assembly);
        using var source = workspace.NewSource();
        Assert.Single(source.Load(CancellationToken.None).Matchers);

        File.SetUnixFileMode(assembly, mode | UnixFileMode.OtherWrite);
        var refused = source.Load(CancellationToken.None);
        File.SetUnixFileMode(assembly, mode);
        var restored = source.Load(CancellationToken.None);

        Assert.Empty(refused.Matchers);
        Assert.True(Assert.Single(refused.Problems).IsUntrusted);
        Assert.Single(restored.Matchers);
        Assert.Empty(restored.Problems);
    }
}
