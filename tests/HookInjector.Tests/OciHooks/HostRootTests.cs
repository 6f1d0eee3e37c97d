using HookInjector.Host.Configuration;
using HookInjector.Host.OciHooks;
using HookInjector.Host.OciHooks.Loading;
using HookInjector.Host.State;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.OciHooks;

/// <summary>
/// --host-root: a plugin in a container checks hook binaries in the node's file system mounted at
/// the root, while the hooks it injects keep the node's paths.
/// </summary>
public sealed class HostRootTests : IDisposable
{
    private const int Cap = 1024 * 1024;

    /// <summary>A node path that exists nowhere but under the test's root.</summary>
    private readonly string nodePath = $"/opt/hook-injector-test-{Guid.NewGuid():N}/bin/tool";
    private readonly TempDirectory temp = new();
    private readonly string root;
    private readonly string hooksDir;

    public HostRootTests()
    {
        root = temp.CreateDirectory("host");
        hooksDir = temp.CreateDirectory("hooks.d");
    }

    public void Dispose() => temp.Dispose();

    private string UnderRoot(string path) => Path.Join(root, path);

    private void WriteHook(string fileName, string hookPath) =>
        temp.Write($"hooks.d/{fileName}", $$"""{"version":"1.0.0","hook":{"path":"{{hookPath}}"},"when":{"always":true},"stages":["prestart"]}""");

    private void CreateUnderRoot(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(UnderRoot(path))!);
        File.WriteAllText(UnderRoot(path), "#!/bin/sh\n");
    }

    [Fact]
    public void A_binary_present_under_the_root_is_valid_and_keeps_its_node_path()
    {
        CreateUnderRoot(nodePath);
        WriteHook("tool.json", nodePath);

        var result = HookDirectoryLoader.Load([hooksDir], Cap, root);

        Assert.Empty(result.Errors);
        Assert.Equal(nodePath, Assert.Single(result.Hooks).Hook.Path);
    }

    [Fact]
    public void Without_the_root_the_same_hook_is_missing_its_binary()
    {
        CreateUnderRoot(nodePath);
        WriteHook("tool.json", nodePath);

        var error = Assert.Single(HookDirectoryLoader.Load([hooksDir], Cap).Errors);

        Assert.Equal(HookLoadErrorKind.MissingHookPath, error.Kind);
    }

    [Fact]
    public void A_binary_missing_under_the_root_is_reported_with_the_root()
    {
        WriteHook("tool.json", nodePath);

        var error = Assert.Single(HookDirectoryLoader.Load([hooksDir], Cap, root + "/").Errors);

        Assert.Equal(HookLoadErrorKind.MissingHookPath, error.Kind);
        Assert.Equal($"faccessat {nodePath} (under host root {root}/): no such file or directory", error.Message);
    }

    [Fact]
    public void An_absolute_symlink_resolves_inside_the_root_as_it_does_on_the_node()
    {
        const string link = "/usr/local/bin/linked-tool";
        CreateUnderRoot(nodePath);
        Directory.CreateDirectory(Path.GetDirectoryName(UnderRoot(link))!);
        File.CreateSymbolicLink(UnderRoot(link), nodePath);
        WriteHook("linked.json", link);

        var result = HookDirectoryLoader.Load([hooksDir], Cap, root);

        Assert.Empty(result.Errors);
        Assert.Equal(link, Assert.Single(result.Hooks).Hook.Path);
    }

    [Fact]
    public void Dot_dot_cannot_climb_out_of_the_root()
    {
        // Exists in the test's own file system, so only a resolution that escaped the root would find it.
        var outside = TestHooks.ExistingPath;
        var climbing = string.Concat(Enumerable.Repeat("/..", 20)) + outside;
        WriteHook("climbing.json", climbing);

        var error = Assert.Single(HookDirectoryLoader.Load([hooksDir], Cap, root).Errors);

        Assert.Equal(HookLoadErrorKind.MissingHookPath, error.Kind);
    }

    [Fact]
    public void A_relative_hook_path_is_checked_as_it_is()
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, TestHooks.ExistingPath);
        WriteHook("relative.json", relative);

        Assert.Empty(HookDirectoryLoader.Load([hooksDir], Cap, root).Errors);
    }

    [Fact]
    public async Task The_setting_reaches_the_catalog_and_a_change_of_root_reloads_it()
    {
        CreateUnderRoot(nodePath);
        WriteHook("tool.json", nodePath);
        var settings = new PluginSettings { HooksDirs = [hooksDir], DisableWatch = true };
        await using var state = new StateManager(settings, worker: null, TimeProvider.System, NullLoggerFactory.Instance);
        await state.StartAsync(CancellationToken.None);
        Assert.Empty(state.Current.Hooks.Hooks);

        await state.ReconfigureAsync(settings with { HostRoot = root }, CancellationToken.None);

        Assert.Equal(root, state.Current.Settings.HostRoot);
        Assert.Equal(nodePath, Assert.Single(state.Current.Hooks.Hooks).Hook.Path);
    }
}
