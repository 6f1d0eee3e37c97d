using HookInjector.Host.OciHooks;
using HookInjector.Host.OciHooks.Loading;
using HookInjector.Host.OciHooks.Watching;
using Microsoft.Extensions.Logging;

namespace HookInjector.Tests.OciHooks;

public sealed class HookCatalogProviderTests : IDisposable
{
    private static readonly string Bin = TestHooks.ExistingPath;

    private readonly TempDirectory temp = new();
    private readonly ListLogger<HookCatalogProvider> logger = new();

    public void Dispose() => temp.Dispose();

    private static string Valid(string arg) =>
        $$"""{"version":"1.0.0","hook":{"path":"{{Bin}}","args":["{{arg}}"]},"when":{"always":true},"stages":["poststop"]}""";

    private HookCatalogProvider Provider(bool strictStartup = false, bool strictMatching = false) =>
        new(new OciHooksOptions { Directories = [temp.Combine("low"), temp.Combine("high")], StrictStartup = strictStartup, StrictMatching = strictMatching }, logger);

    [Fact]
    public void Before_loading_the_catalog_is_empty() => Assert.Empty(Provider().Current.Hooks);

    [Fact]
    public void Startup_skips_and_reports_each_bad_file_by_default()
    {
        temp.Write("high/a.json", Valid("a"));
        var broken = temp.Write("high/b.json", "{");
        var missing = temp.Write("high/c.json", """{"version":"1.0.0","hook":{"path":"/no/such/bin"},"stages":[]}""");

        var provider = Provider();
        var result = provider.LoadAtStartup();

        Assert.Equal("a.json", Assert.Single(provider.Current.Hooks).FileName);
        Assert.Equal(2, result.Errors.Length);
        Assert.Contains("Loaded hooks: 1 hooks, 2 errors", logger.Messages(LogLevel.Information));
        var warnings = logger.Messages(LogLevel.Warning);
        Assert.Equal(2, warnings.Count);
        Assert.Equal($"Skipping hook file {broken}: parsing hook \"{broken}\": version check: unexpected end of JSON input", warnings[0]);
        Assert.Equal($"Skipping hook file {missing} (field hook.path): faccessat /no/such/bin: no such file or directory", warnings[1]);
    }

    [Fact]
    public void Strict_startup_fails_like_Go_and_publishes_nothing()
    {
        temp.Write("high/a.json", Valid("a"));
        var broken = temp.Write("high/b.json", "{");
        var provider = Provider(strictStartup: true);

        var error = Assert.Throws<HookLoadException>(() => provider.LoadAtStartup());
        Assert.Equal($"loading hooks from {broken}: parsing hook \"{broken}\": version check: unexpected end of JSON input", error.Message);
        Assert.Empty(provider.Current.Hooks);
    }

    [Fact]
    public void Strict_startup_tolerates_a_directory_whose_first_failure_is_a_missing_binary()
    {
        temp.Write("high/a.json", """{"version":"1.0.0","hook":{"path":"/no/such/bin"},"stages":[]}""");
        temp.Write("high/b.json", "{");
        temp.Write("high/c.json", Valid("c"));
        var provider = Provider(strictStartup: true);
        provider.LoadAtStartup();
        Assert.Equal("c.json", Assert.Single(provider.Current.Hooks).FileName);
    }

    [Fact]
    public void Strict_matching_is_carried_into_the_catalog()
    {
        var provider = Provider(strictMatching: true);
        provider.LoadAtStartup();
        Assert.True(provider.Current.StrictMatching);
    }

    [Fact]
    public void Reload_publishes_a_new_snapshot_and_leaves_the_old_one_untouched()
    {
        temp.Write("low/a.json", Valid("low"));
        temp.Write("high/a.json", Valid("high"));
        var provider = Provider();
        provider.LoadAtStartup();
        var before = provider.Current;

        temp.Write("high/a.json", "{ not json");
        temp.Write("high/b.json", Valid("b"));
        provider.Reload();

        Assert.Equal("high", Assert.Single(before.Hooks).Hook.Args[0]);
        var after = provider.Current;
        Assert.NotSame(before, after);
        Assert.Equal(["low", "b"], after.Hooks.Select(hook => hook.Hook.Args[0]).ToArray());
        Assert.Equal(1, provider.ReloadCount);
        Assert.Contains("Reloaded hooks: 2 hooks, 1 errors", logger.Messages(LogLevel.Information));
        Assert.Single(logger.Messages(LogLevel.Warning), message => message.Contains("high/a.json", StringComparison.Ordinal));
    }
}
