using HookInjector.Host.OciHooks;
using HookInjector.Host.OciHooks.Watching;

namespace HookInjector.Tests.OciHooks;

public sealed class UnwatchedStartupTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task With_watching_disabled_nothing_is_created_or_reloaded()
    {
        var options = new OciHooksOptions { Directories = [temp.Combine("absent")], Watch = false };
        var provider = new HookCatalogProvider(options, new ListLogger<HookCatalogProvider>());
        provider.LoadAtStartup();
        using var watcher = new HookDirectoryWatcher(provider, options, TimeProvider.System, new ListLogger<HookDirectoryWatcher>());

        await watcher.StartAsync(CancellationToken.None);
        await watcher.ExecuteTask!;
        await watcher.StopAsync(CancellationToken.None);

        Assert.False(Directory.Exists(temp.Combine("absent")));
        Assert.Equal(0, provider.ReloadCount);
    }
}
