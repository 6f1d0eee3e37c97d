using HookInjector.Host.Configuration;
using HookInjector.Host.Injection.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace HookInjector.Host.Cli;

/// <summary>The hook sources after hooks.d, in pipeline order: YAML rules, rule scripts, extensions.</summary>
internal static class HookSources
{
    public static IServiceCollection AddHookSources(this IServiceCollection services, PluginSettings settings)
    {
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<ConfiguredHookSources>(provider, settings));
        services.AddSingleton(provider => provider.GetRequiredService<ConfiguredHookSources>().Runner);
        services.AddHostedService(provider => provider.GetRequiredService<HookSourcesRunner>());
        return services;
    }
}
