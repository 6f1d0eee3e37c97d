using HookInjector.Host.OciHooks.Watching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HookInjector.Host.OciHooks;

/// <summary>Registers hooks.d support in a host.</summary>
internal static class OciHooksServiceCollectionExtensions
{
    /// <summary>
    /// Adds the catalog provider (inject it to read <see cref="HookCatalogProvider.Current"/>) and
    /// the hosted service that loads and watches the directories. Register it before the service
    /// that talks to the runtime: hosted services start in registration order, so the hooks are
    /// loaded before the plugin registers.
    /// </summary>
    public static IServiceCollection AddOciHooks(this IServiceCollection services, OciHooksOptions options)
    {
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<HookCatalogProvider>();
        services.AddHostedService<HookCatalogService>();
        return services;
    }
}
