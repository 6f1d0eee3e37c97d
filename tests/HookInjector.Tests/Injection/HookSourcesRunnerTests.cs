using HookInjector.Abstractions;
using HookInjector.Host.Injection.Sources;
using HookInjector.Tests.OciHooks;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.Injection;

public sealed class HookSourcesRunnerTests : IDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("hook-injector-sources-runner-");

    public void Dispose() => root.Delete(recursive: true);

    /// <summary>A source over its own directory that counts its loads and offers one matcher named after it.</summary>
    private sealed class CountingSource(string name, string directory, Action<int>? whileLoading = null)
    {
        private int loads;

        public int Loads => Volatile.Read(ref loads);

        public HookSourceDefinition Definition => new(name, directory, _ =>
        {
            var load = Interlocked.Increment(ref loads);
            whileLoading?.Invoke(load);
            return new SourceSnapshot([new MatcherEntry(new HookOrigin(HookSourceKind.Rule, name), new NoHooks(name))], [], []);
        });
    }

    private sealed class NoHooks(string name) : IHookMatcher
    {
        public string Name => name;

        public void AddHooks(ContainerContext context, IHookCollector hooks, CancellationToken cancellationToken)
        {
        }
    }

    private CountingSource Source(string name) => new(name, root.CreateSubdirectory(name).FullName);

    private static string[] Names(HookSourcesRunner runner) => [.. runner.Current.Matchers.Select(entry => entry.Origin.Name)];

    [Fact]
    public async Task SwitchingPublishesTheNewSourcesAndWatchesOnlyTheirDirectories()
    {
        var old = Source("old");
        var next = Source("next");
        using var runner = new HookSourcesRunner([old.Definition], watch: true, TimeProvider.System, NullLogger<HookSourcesRunner>.Instance);
        await runner.StartAsync(CancellationToken.None);
        Assert.Equal(["old"], Names(runner));

        await runner.SwitchAsync([next.Definition], watch: true, CancellationToken.None);
        Assert.Equal(["next"], Names(runner));
        Assert.Equal(1, next.Loads);

        await File.WriteAllTextAsync(Path.Combine(root.FullName, "old", "changed"), "x");
        await Task.Delay(100);
        await File.WriteAllTextAsync(Path.Combine(root.FullName, "next", "changed"), "x");
        await Eventually.True(() => next.Loads == 2, "the new directory's change reloads its source");

        Assert.Equal(1, old.Loads);
        Assert.Equal(["next"], Names(runner));
        await runner.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task SwitchingToUnwatchedSourcesStopsWatching()
    {
        var old = Source("old");
        var next = Source("next");
        using var runner = new HookSourcesRunner([old.Definition], watch: true, TimeProvider.System, NullLogger<HookSourcesRunner>.Instance);
        await runner.StartAsync(CancellationToken.None);

        await runner.SwitchAsync([next.Definition], watch: false, CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(root.FullName, "old", "changed"), "x");
        await File.WriteAllTextAsync(Path.Combine(root.FullName, "next", "changed"), "x");
        // Longer than the debouncer's longest delay, so a watched change would have reloaded by now.
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        Assert.Equal(1, old.Loads);
        Assert.Equal(1, next.Loads);
        await runner.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task StartingLoadsEachSourceOnceAndArmingTheWatchesTriggersNoReload()
    {
        var rules = Source("rules");
        var scripts = Source("scripts");
        using var runner = new HookSourcesRunner([rules.Definition, scripts.Definition], watch: true, TimeProvider.System, NullLogger<HookSourcesRunner>.Instance);

        await runner.StartAsync(CancellationToken.None);
        // Longer than the debouncer's longest delay, so a reload caused by arming would have run by now.
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        Assert.Equal((1, 1), (rules.Loads, scripts.Loads));
        await runner.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task AChangeMadeWhileTheFirstLoadRunsIsReloaded()
    {
        var directory = root.CreateSubdirectory("rules").FullName;
        var rules = new CountingSource("rules", directory, whileLoading: load =>
        {
            if (load == 1)
            {
                File.WriteAllText(Path.Combine(directory, "written-during-load.yaml"), "[]");
            }
        });
        using var runner = new HookSourcesRunner([rules.Definition], watch: true, TimeProvider.System, NullLogger<HookSourcesRunner>.Instance);

        await runner.StartAsync(CancellationToken.None);

        await Eventually.True(() => rules.Loads == 2, "the file written during the first load is read by a reload");
        await runner.StopAsync(CancellationToken.None);
    }
}
