using System.Runtime.Versioning;
using HookInjector.Host.OciHooks;
using HookInjector.Host.OciHooks.Watching;
using Microsoft.Extensions.Logging;

namespace HookInjector.Tests.OciHooks;

/// <summary>
/// Real directories, real file-system watching and the real clock: assertions count reloads and
/// inspect the published catalog; nothing asserts how fast anything happens.
/// </summary>
public sealed class HookCatalogServiceTests : IAsyncLifetime, IDisposable
{
    private static readonly string Bin = TestHooks.ExistingPath;
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private readonly TempDirectory temp = new();
    private readonly ListLogger<HookCatalogProvider> providerLog = new();
    private readonly ListLogger<HookCatalogService> watcherLog = new();
    private readonly OciHooksOptions options;
    private readonly HookCatalogProvider provider;
    private readonly HookCatalogService watcher;

    public HookCatalogServiceTests()
    {
        options = new OciHooksOptions
        {
            Directories = [temp.Combine("usr", "hooks.d"), temp.Combine("etc", "oci", "hooks.d")],
            ReloadQuietPeriod = Quiet,
            ReloadMaxDelay = TimeSpan.FromSeconds(10),
            RewatchInterval = TimeSpan.FromMilliseconds(200),
        };
        provider = new HookCatalogProvider(options, providerLog);
        watcher = new HookCatalogService(provider, options, TimeProvider.System, watcherLog);
    }

    private string Low => options.Directories[0];

    private string High => options.Directories[1];

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
        watcher.Dispose();
        temp.Dispose();
    }

    private static string Valid(string arg) =>
        $$"""{"version":"1.0.0","hook":{"path":"{{Bin}}","args":["{{arg}}"]},"when":{"always":true},"stages":["poststop"]}""";

    private string Args() => string.Join(",", provider.Current.Hooks.Select(hook => hook.Hook.Args[0]));

    /// <summary>Waits until no reload has happened for several quiet periods.</summary>
    private async Task SettleAsync()
    {
        int count;
        do
        {
            count = provider.ReloadCount;
            await Task.Delay(Quiet * 4);
        }
        while (provider.ReloadCount != count);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Missing_directories_are_created_with_mode_0755()
    {
        Assert.True(Directory.Exists(High));
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
            File.GetUnixFileMode(High));
        Assert.Contains($"Created missing hooks directory {High}", watcherLog.Messages(LogLevel.Information));
    }

    [Fact]
    public void Starting_loads_once_and_arming_the_watches_triggers_no_reload()
    {
        Assert.Equal(0, provider.ReloadCount);
    }

    [Fact]
    public async Task A_burst_of_changes_gives_exactly_one_reload()
    {
        var before = provider.ReloadCount;
        for (var i = 0; i < 20; i++)
        {
            File.WriteAllText(Path.Join(High, $"{i:D2}.json"), Valid($"h{i}"));
        }
        File.WriteAllText(Path.Join(High, "notes.txt"), "not a hook");

        await Eventually.True(() => provider.Current.Hooks.Count == 20, "the twenty hooks");
        await SettleAsync();
        Assert.Equal(before + 1, provider.ReloadCount);
        Assert.Contains("Reloaded hooks: 20 hooks, 0 errors", providerLog.Messages(LogLevel.Information));
    }

    [Fact]
    public async Task An_invalid_override_is_skipped_and_the_lower_namesake_comes_back()
    {
        File.WriteAllText(Path.Join(Low, "a.json"), Valid("low"));
        File.WriteAllText(Path.Join(High, "a.json"), Valid("high"));
        await Eventually.True(() => Args() == "high", "the override");

        File.WriteAllText(Path.Join(High, "a.json"), "{\"version\":");
        await Eventually.True(() => Args() == "low", "the lower-precedence hook");
        Assert.Contains(providerLog.Messages(LogLevel.Warning), message => message.StartsWith($"Skipping hook file {Path.Join(High, "a.json")}", StringComparison.Ordinal));
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
        var count = provider.ReloadCount;
        File.WriteAllText(Path.Join(High, "a.json"), Valid("late"));
        await Task.Delay(Quiet * 4);
        Assert.Equal(count, provider.ReloadCount);
        Assert.Equal("", Args());
    }
}
