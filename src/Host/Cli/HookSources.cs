using HookInjector.Host.Configuration;
using HookInjector.Host.Extensions;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Rules.Scripts;
using HookInjector.Host.Rules.Yaml;
using Microsoft.Extensions.DependencyInjection;

namespace HookInjector.Host.Cli;

/// <summary>The hook sources after hooks.d, in pipeline order: YAML rules, rule scripts, extensions.</summary>
internal static class HookSources
{
    public static IServiceCollection AddHookSources(this IServiceCollection services, PluginSettings settings)
    {
        services.AddSingleton(new ScriptSourceOptions(settings.RulesDir, settings.ScriptCacheDir));
        services.AddSingleton<ScriptSource>();
        services.AddSingleton(new ExtensionSourceOptions(settings.ExtensionsDir));
        services.AddSingleton<ExtensionSource>();
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<HookSourcesRunner>(provider, Define(settings, provider), !settings.DisableWatch));
        services.AddHostedService(provider => provider.GetRequiredService<HookSourcesRunner>());
        return services;
    }

    private static IReadOnlyList<HookSourceDefinition> Define(PluginSettings settings, IServiceProvider provider)
    {
        var scripts = provider.GetRequiredService<ScriptSource>();
        var extensions = provider.GetRequiredService<ExtensionSource>();
        return
        [
            new("rules", settings.RulesDir, _ => YamlRuleSource.Load(settings.RulesDir)),
            new("scripts", settings.RulesDir, scripts.Load),
            new("extensions", settings.ExtensionsDir, extensions.Load, Recursive: true),
        ];
    }
}
