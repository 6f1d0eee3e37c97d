using HookInjector.Host.OciHooks;
using HookInjector.Host.OciHooks.Loading;
using HookInjector.Host.OciHooks.Watching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.OciHooks;

public sealed class HookCatalogServiceStartupTests : IDisposable
{
    private static readonly string Valid =
        $$"""{"version":"1.0.0","hook":{"path":"{{TestHooks.ExistingPath}}"},"when":{"always":true},"stages":["poststop"]}""";

    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private static (HookCatalogProvider Provider, HookCatalogService Service) Create(OciHooksOptions options)
    {
        var provider = new HookCatalogProvider(options, new ListLogger<HookCatalogProvider>());
        return (provider, new HookCatalogService(provider, options, TimeProvider.System, new ListLogger<HookCatalogService>()));
    }

    [Fact]
    public async Task Starting_loads_the_catalog_and_with_watching_disabled_nothing_else_happens()
    {
        temp.Write("present/a.json", Valid);
        var options = new OciHooksOptions { Directories = [temp.Combine("present"), temp.Combine("absent")], Watch = false };
        var (provider, service) = Create(options);
        using (service)
        {
            await service.StartAsync(CancellationToken.None);
            await service.ExecuteTask!;
            await service.StopAsync(CancellationToken.None);
        }

        Assert.Equal("a.json", Assert.Single(provider.Current.Hooks).FileName);
        Assert.False(Directory.Exists(temp.Combine("absent")));
        Assert.Equal(0, provider.ReloadCount);
    }

    [Fact]
    public async Task Strict_start_up_failure_stops_the_service_from_starting()
    {
        temp.Write("present/a.json", "{");
        var options = new OciHooksOptions { Directories = [temp.Combine("present")], StrictStartup = true, Watch = false };
        var (provider, service) = Create(options);
        using (service)
        {
            await Assert.ThrowsAsync<HookLoadException>(() => service.StartAsync(CancellationToken.None));
            Assert.Null(service.ExecuteTask);
        }
        Assert.Empty(provider.Current.Hooks);
    }
}
