using System.Collections.Immutable;
using HookInjector.Host.Extensions;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.OciHooks;
using HookInjector.Host.OciHooks.Loading;
using HookInjector.Host.OciHooks.Selection;
using HookInjector.Host.Rules.Scripts;
using HookInjector.Host.Rules.Yaml;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Host.Tools.Loading;

/// <summary>
/// Loads hooks.d, rules, rule scripts and extensions with the plugin's own loaders, so the tools
/// accept and refuse exactly what the plugin does, and gathers every problem in one list.
/// </summary>
internal static class ConfigurationLoader
{
    public const string HooksSource = "hooks.d";
    public const string RulesSource = "rules";
    public const string ScriptsSource = "scripts";
    public const string ExtensionsSource = "extensions";

    public static LoadedConfiguration Load(ToolSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = ImmutableArray.CreateBuilder<ToolProblem>();
        problems.AddRange(MissingGivenDirectories(settings));

        var hooks = LoadHooks(settings, problems, cancellationToken);

        var rules = YamlRuleSource.Load(settings.RulesDir, cancellationToken);
        var scripts = new ScriptSource(new ScriptSourceOptions(settings.RulesDir, settings.ScriptCacheDir), NullLogger<ScriptSource>.Instance);
        var extensions = new ExtensionSource(new ExtensionSourceOptions(settings.ExtensionsDir), NullLogger<ExtensionSource>.Instance);
        try
        {
            var scriptSnapshot = scripts.Load(cancellationToken);
            var extensionSnapshot = extensions.Load(cancellationToken);
            problems.AddRange(rules.Problems.Select(problem => From(RulesSource, problem)));
            problems.AddRange(scriptSnapshot.Problems.Select(problem => From(ScriptsSource, problem)));
            problems.AddRange(extensionSnapshot.Problems.Select(problem => From(ExtensionsSource, AsGiven(problem, settings.ExtensionsDir))));
            return new LoadedConfiguration(hooks, new PipelineSnapshot([rules, scriptSnapshot, extensionSnapshot]), problems.ToImmutable(), scripts, extensions);
        }
        catch
        {
            scripts.Dispose();
            extensions.Dispose();
            throw;
        }
    }

    private static HookCatalog LoadHooks(ToolSettings settings, ImmutableArray<ToolProblem>.Builder problems, CancellationToken cancellationToken)
    {
        var maxFileBytes = new OciHooksOptions().MaxFileBytes;
        var result = HookDirectoryLoader.Load(settings.HooksDirs, maxFileBytes, settings.HostRoot, cancellationToken);
        var (hooks, errors) = settings.IgnoreMissingHookPaths
            ? MissingHookPaths.Recover(settings.HooksDirs, result, maxFileBytes)
            : (result.Hooks, result.Errors);
        problems.AddRange(errors.Select(error => new ToolProblem(HooksSource, error.Path, null, null, error.Field, error.Message)));
        return new HookCatalog(hooks, strictMatching: false);
    }

    private static IEnumerable<ToolProblem> MissingGivenDirectories(ToolSettings settings)
    {
        var directories = settings.HooksDirs.Select(directory => (Source: HooksSource, Directory: directory))
            .Append((RulesSource, settings.RulesDir))
            .Append((ExtensionsSource, settings.ExtensionsDir));
        foreach (var (source, directory) in directories)
        {
            if (!settings.GivenDirectories.Contains(directory) || Directory.Exists(directory))
            {
                continue;
            }
            if (!File.Exists(directory))
            {
                yield return new ToolProblem(source, directory, null, null, null, "directory does not exist");
            }
            else if (source == ExtensionsSource)
            {
                // The hooks.d and rules loaders report a file in place of their directory; the extension loader does not.
                yield return new ToolProblem(source, directory, null, null, null, "is a file, not a directory");
            }
        }
    }

    private static ToolProblem From(string source, SourceProblem problem) =>
        new(source, problem.File, problem.Line, problem.Column, null, problem.Message);

    /// <summary>The extension loader works with absolute paths; problems are shown under the directory as it was given.</summary>
    private static SourceProblem AsGiven(SourceProblem problem, string directory)
    {
        var absolute = Path.GetFullPath(directory);
        return problem.File.StartsWith(absolute, StringComparison.Ordinal) && absolute != directory
            ? problem with { File = Path.Join(directory, Path.GetRelativePath(absolute, problem.File)) }
            : problem;
    }
}
