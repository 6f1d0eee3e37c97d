using System.Text.Json;
using HookInjector.E2E.Hooks;
using HookInjector.E2E.Runtime;

namespace HookInjector.E2E.Rules;

/// <summary>
/// Private rules, script cache and extensions directories for hook-injector: a YAML rule and a C#
/// rule script that each give the containers of pods labelled <c>hook-injector.test/trace=true</c>
/// the demo hook with their own argument, and the PodInfoEnv sample extension as its build laid it out.
/// </summary>
public sealed class PrivateRuleSources
{
    public const string TraceLabel = "hook-injector.test/trace";
    public const string YamlRuleArgument = "yaml-rule";
    public const string ScriptArgument = "csx-script";
    public const string SampleExtension = "PodInfoEnv";
    public const string ScriptFile = "20-trace.csx";

    private PrivateRuleSources(string workDirectory)
    {
        RulesDirectory = Path.Combine(workDirectory, "rules.d");
        ScriptCacheDirectory = Path.Combine(workDirectory, "script-cache");
        ExtensionsDirectory = Path.Combine(workDirectory, "extensions");
    }

    public string RulesDirectory { get; }

    public string ScriptCacheDirectory { get; }

    public string ExtensionsDirectory { get; }

    /// <summary>The hook-injector options that point it at these directories.</summary>
    public IEnumerable<string> PluginArguments =>
        ["--rules-dir", RulesDirectory, "--script-cache-dir", ScriptCacheDirectory, "--extensions-dir", ExtensionsDirectory];

    public static PrivateRuleSources CreateIn(string workDirectory, DemoHookLog hookLog)
    {
        var sources = new PrivateRuleSources(workDirectory);
        Directory.CreateDirectory(sources.RulesDirectory);
        Directory.CreateDirectory(sources.ScriptCacheDirectory);
        File.WriteAllText(Path.Combine(sources.RulesDirectory, "10-trace.yaml"), TraceRule(hookLog));
        File.WriteAllText(Path.Combine(sources.RulesDirectory, ScriptFile), TraceScript(hookLog));
        InstallSampleExtension(Path.Combine(sources.ExtensionsDirectory, SampleExtension));
        return sources;
    }

    // JSON string literals are valid YAML double-quoted scalars and C# string literals alike.
    private static string Quote(string text) => JsonSerializer.Serialize(text);

    private static string TraceRule(DemoHookLog hookLog) => $"""
        rules:
          - name: trace-labelled-pods
            match:
              podSelector:
                matchLabels:
                  {TraceLabel}: "true"
            hooks:
              - stage: createContainer
                path: {Quote(RepositoryLayout.DemoHookScript)}
                args: [demo-hook.sh, {YamlRuleArgument}]
                env: [{Quote($"DEMO_HOOK_LOG={hookLog.Path}")}]
                timeout: 5

        """;

    private static string TraceScript(DemoHookLog hookLog) => $$"""
        if (Pod.Labels.TryGetValue({{Quote(TraceLabel)}}, out var trace) && trace == "true")
        {
            AddHook(HookStage.CreateRuntime, new OciHook(
                Path: {{Quote(RepositoryLayout.DemoHookScript)}},
                Args: ["demo-hook.sh", {{Quote(ScriptArgument)}}],
                Env: [{{Quote($"DEMO_HOOK_LOG={hookLog.Path}")}}],
                TimeoutSeconds: 5));
        }

        """;

    /// <summary>Installs another extension this project builds and lays out (the broken ones of the tests).</summary>
    public void InstallExtension(string name) => InstallSampleExtension(Path.Combine(ExtensionsDirectory, name), name);

    /// <summary>Copies the extension's build output, which this project lays out as extensions/NAME/ next to itself.</summary>
    private static void InstallSampleExtension(string target, string name = SampleExtension)
    {
        var built = Path.Combine(AppContext.BaseDirectory, "extensions", name);
        if (!File.Exists(Path.Combine(built, $"{name}.dll")))
        {
            throw new FileNotFoundException($"{built}/{name}.dll not found: build tests/HookInjector.E2E, which builds and lays out the test extensions");
        }

        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(built))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }
}
