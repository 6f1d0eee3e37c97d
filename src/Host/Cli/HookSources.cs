using HookInjector.Host.Configuration;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Rules.Yaml;

namespace HookInjector.Host.Cli;

/// <summary>The hook sources after hooks.d, in pipeline order.</summary>
internal static class HookSources
{
    public static IReadOnlyList<HookSourceDefinition> Define(PluginSettings settings) =>
    [
        new("rules", settings.RulesDir, _ => YamlRuleSource.Load(settings.RulesDir)),
    ];
}
