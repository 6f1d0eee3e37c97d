using HookInjector.Host.OciHooks;
using HookInjector.Host.OciHooks.Watching;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.OciHooks;

public sealed class HookCatalogRunnerTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private static string Hook(string stage) =>
        $$"""{"version":"1.0.0","hook":{"path":"{{TestHooks.ExistingPath}}"},"when":{"always":true},"stages":["{{stage}}"]}""";

    [Fact]
    public async Task Loads_at_start_and_switches_to_other_directories_when_the_options_change()
    {
        temp.Write("first/a.json", Hook("poststop"));
        temp.Write("second/b.json", Hook("poststart"));
        temp.Write("second/c.json", Hook("poststart"));
        using var runner = new HookCatalogRunner(new OciHooksOptions { Directories = [temp.Combine("first")], Watch = false }, TimeProvider.System, NullLoggerFactory.Instance);

        await runner.StartAsync(CancellationToken.None);
        Assert.Equal(["a.json"], runner.Current.Hooks.Select(hook => hook.FileName));

        await runner.ApplyAsync(new OciHooksOptions { Directories = [temp.Combine("second")], Watch = false }, CancellationToken.None);
        Assert.Equal(["b.json", "c.json"], runner.Current.Hooks.Select(hook => hook.FileName));

        await runner.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Keeps_the_running_catalog_when_the_same_options_are_applied_again()
    {
        temp.Write("hooks/a.json", Hook("poststop"));
        var options = new OciHooksOptions { Directories = [temp.Combine("hooks")], Watch = false };
        using var runner = new HookCatalogRunner(options, TimeProvider.System, NullLoggerFactory.Instance);
        await runner.StartAsync(CancellationToken.None);
        var before = runner.Current;

        await runner.ApplyAsync(options with { Directories = [temp.Combine("hooks")] }, CancellationToken.None);

        Assert.Same(before, runner.Current);
        await runner.StopAsync(CancellationToken.None);
    }
}
