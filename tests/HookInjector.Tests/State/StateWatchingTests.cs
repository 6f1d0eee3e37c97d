using System.Runtime.Versioning;
using HookInjector.Host.Configuration;
using HookInjector.Host.State;
using HookInjector.Tests.OciHooks;
using Microsoft.Extensions.Logging;

namespace HookInjector.Tests.State;

/// <summary>
/// Real directories, real file-system watching and the real clock: assertions count reloads and
/// inspect the published catalog; nothing asserts how fast anything happens.
/// </summary>
public sealed class StateWatchingTests : IAsyncLifetime, IDisposable
{
    private static readonly string Bin = TestHooks.ExistingPath;
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private readonly TempDirectory temp = new();
    private readonly ListLoggerFactory logs = new();
    private readonly PluginSettings settings;
    private readonly StateManager watcher;

    public StateWatchingTests()
    {
        settings = new PluginSettings
        {
            HooksDirs = [temp.Combine("usr", "hooks.d"), temp.Combine("etc", "oci", "hooks.d")],
            RulesDir = temp.Combine("rules.d"),
            ExtensionsDir = temp.Combine("extensions"),
        };
        watcher = new StateManager(settings, worker: null, TimeProvider.System, logs, timing: new ReloadTiming(Quiet, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200)));
    }

    private string Low => settings.HooksDirs[0];

    private string High => settings.HooksDirs[1];

    public async Task InitializeAsync()
    {
        temp.CreateDirectory("usr", "hooks.d");
        await watcher.StartAsync(CancellationToken.None);
        await Eventually.True(() => Directory.Exists(High), "the override directory to be created");
        await SettleAsync();
    }

    public Task DisposeAsync() => watcher.StopAsync(CancellationToken.None);

    public void Dispose()
    {
        watcher.DisposeAsync().AsTask().GetAwaiter().GetResult();
        temp.Dispose();
    }

    private static string Valid(string arg) =>
        $$"""{"version":"1.0.0","hook":{"path":"{{Bin}}","args":["{{arg}}"]},"when":{"always":true},"stages":["poststop"]}""";

    private string Args() => string.Join(",", watcher.Current.Hooks.Hooks.Select(hook => hook.Hook.Args[0]));

    /// <summary>Waits until no reload has happened for several quiet periods.</summary>
    private async Task SettleAsync()
    {
        int count;
        do
        {
            count = watcher.ReloadCount;
            await Task.Delay(Quiet * 4);
        }
        while (watcher.ReloadCount != count);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Missing_directories_are_created_with_mode_0755()
    {
        Assert.True(Directory.Exists(High));
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
            File.GetUnixFileMode(High));
        Assert.Contains($"Created missing hooks directory {High}", logs.Messages(LogLevel.Information));
    }

    [Fact]
    public void Starting_loads_once_and_arming_the_watches_triggers_no_reload()
    {
        Assert.Equal(0, watcher.ReloadCount);
    }

    [Fact]
    public async Task A_burst_of_changes_gives_exactly_one_reload()
    {
        var before = watcher.ReloadCount;
        for (var i = 0; i < 20; i++)
        {
            File.WriteAllText(Path.Join(High, $"{i:D2}.json"), Valid($"h{i}"));
        }
        File.WriteAllText(Path.Join(High, "notes.txt"), "not a hook");

        await Eventually.True(() => watcher.Current.Hooks.Hooks.Count == 20, "the twenty hooks");
        await SettleAsync();
        Assert.Equal(before + 1, watcher.ReloadCount);
        Assert.Contains("Reloaded hooks: 20 hooks, 0 errors", logs.Messages(LogLevel.Information));
    }

    [Fact]
    public async Task An_invalid_override_is_skipped_and_the_lower_namesake_comes_back()
    {
        File.WriteAllText(Path.Join(Low, "a.json"), Valid("low"));
        File.WriteAllText(Path.Join(High, "a.json"), Valid("high"));
        await Eventually.True(() => Args() == "high", "the override");

        File.WriteAllText(Path.Join(High, "a.json"), "{\"version\":");
        await Eventually.True(() => Args() == "low", "the lower-precedence hook");
        Assert.Contains(logs.Messages(LogLevel.Warning), message => message.StartsWith($"Skipping hook file {Path.Join(High, "a.json")}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_deleted_and_recreated_directory_is_watched_again()
    {
        File.WriteAllText(Path.Join(High, "a.json"), Valid("first"));
        await Eventually.True(() => Args() == "first", "the first hook");

        Directory.Delete(High, recursive: true);
        await Eventually.True(() => Args() == "", "the hooks of the deleted directory to go");

        Directory.CreateDirectory(High);
        await SettleAsync();
        File.WriteAllText(Path.Join(High, "b.json"), Valid("second"));
        await Eventually.True(() => Args() == "second", "a hook written into the re-created directory");
    }

    [Fact]
    public async Task A_directory_renamed_away_and_back_is_watched_again()
    {
        Directory.Move(High, High + ".old");
        await SettleAsync();
        Directory.Move(High + ".old", High);
        await SettleAsync();
        File.WriteAllText(Path.Join(High, "c.json"), Valid("back"));
        await Eventually.True(() => Args() == "back", "a hook written after the directory came back");
    }

    [Fact]
    public async Task Stopping_ends_watching()
    {
        await watcher.StopAsync(CancellationToken.None);
        var count = watcher.ReloadCount;
        File.WriteAllText(Path.Join(High, "a.json"), Valid("late"));
        await Task.Delay(Quiet * 4);
        Assert.Equal(count, watcher.ReloadCount);
        Assert.Equal("", Args());
    }

    [Fact]
    public async Task A_rule_file_reaches_the_state_and_keeps_the_hooks_of_hooks_d()
    {
        File.WriteAllText(Path.Join(High, "a.json"), Valid("kept"));
        await Eventually.True(() => Args() == "kept", "the hook");
        var hooks = watcher.Current.Hooks;

        Directory.CreateDirectory(settings.RulesDir);
        File.WriteAllText(Path.Join(settings.RulesDir, "r.yaml"), "- name: r\n  hooks: [{stage: createRuntime, path: /bin/r}]\n");

        await Eventually.True(() => !watcher.Current.Sources.Matchers.IsEmpty, "the rule");
        Assert.Same(hooks, watcher.Current.Hooks);
    }

    [Fact]
    public async Task After_a_reconfiguration_only_the_new_directories_are_watched()
    {
        var other = temp.Combine("other", "hooks.d");
        await watcher.ReconfigureAsync(settings with { HooksDirs = [other] }, CancellationToken.None);
        await SettleAsync();
        var count = watcher.ReloadCount;

        File.WriteAllText(Path.Join(High, "old.json"), Valid("old"));
        File.WriteAllText(Path.Join(other, "new.json"), Valid("new"));

        await Eventually.True(() => Args() == "new", "the hook of the new directory");
        await SettleAsync();
        Assert.Equal(count + 1, watcher.ReloadCount);
    }
}
