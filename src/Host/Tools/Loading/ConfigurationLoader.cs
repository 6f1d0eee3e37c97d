using System.Collections.Immutable;
using HookInjector.Host.Configuration;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.OciHooks;
using HookInjector.Host.OciHooks.Loading;
using HookInjector.Host.OciHooks.Selection;
using HookInjector.Host.Rules.Yaml;
using HookInjector.Host.State;
using HookInjector.Host.Worker;
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

    /// <summary>
    /// Loads everything; scripts and extensions are loaded by a worker process started for them, so
    /// their code never runs in the tool's own process. A worker that fails is a problem, not a crash.
    /// </summary>
    public static async Task<LoadedConfiguration> LoadAsync(ToolSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = ImmutableArray.CreateBuilder<ToolProblem>();
        problems.AddRange(MissingGivenDirectories(settings));

        var hooks = LoadHooks(settings, problems, cancellationToken);

        var rules = YamlRuleSource.Load(settings.RulesDir, cancellationToken: cancellationToken);
        problems.AddRange(rules.Problems.Select(problem => From(RulesSource, problem)));
        var hasScripts = StateSources.HasScripts(settings.RulesDir);
        var hasExtensions = StateSources.HasExtensions(settings.ExtensionsDir);
        WorkerSupervisor? worker = null;
        var scripts = SourceSnapshot.Empty;
        var extensions = SourceSnapshot.Empty;
        if (hasScripts || hasExtensions)
        {
            worker = new WorkerSupervisor(WorkerLaunch.Resolve(settings.WorkerPath), NullLoggerFactory.Instance, TimeProvider.System);
            scripts = await LoadInWorkerAsync(worker, ScriptsSource, WorkerService.ScriptsSource, settings.RulesDir, settings.ScriptCacheDir, hasScripts, problems, cancellationToken).ConfigureAwait(false);
            extensions = await LoadInWorkerAsync(worker, ExtensionsSource, WorkerService.ExtensionsSource, settings.ExtensionsDir, "", hasExtensions, problems, cancellationToken).ConfigureAwait(false);
        }
        problems.AddRange(scripts.Problems.Select(problem => From(ScriptsSource, problem)));
        problems.AddRange(extensions.Problems.Select(problem => From(ExtensionsSource, AsGiven(problem, settings.ExtensionsDir))));
        var pluginSettings = new PluginSettings
        {
            HooksDirs = settings.HooksDirs,
            RulesDir = settings.RulesDir,
            ExtensionsDir = settings.ExtensionsDir,
            ScriptCacheDir = settings.ScriptCacheDir,
            WorkerPath = settings.WorkerPath,
            HostRoot = settings.HostRoot,
            BindMounts = settings.BindMounts,
        };
        var state = new PluginState(pluginSettings, hooks, new PipelineSnapshot([rules, scripts, extensions]), HookFileProblems: problems.Count(problem => problem.Source == HooksSource));
        return new LoadedConfiguration(state, problems.ToImmutable(), worker);
    }

    private static async Task<SourceSnapshot> LoadInWorkerAsync(
        WorkerSupervisor worker, string label, string source, string directory, string cacheDirectory, bool anything, ImmutableArray<ToolProblem>.Builder problems, CancellationToken cancellationToken)
    {
        if (!anything)
        {
            return SourceSnapshot.Empty;
        }
        try
        {
            return await worker.LoadAsync(source, directory, cacheDirectory, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            problems.Add(new ToolProblem(label, directory, null, null, null, e.Message));
            return SourceSnapshot.Empty;
        }
    }

    private static HookCatalog LoadHooks(ToolSettings settings, ImmutableArray<ToolProblem>.Builder problems, CancellationToken cancellationToken)
    {
        var maxFileBytes = new OciHooksOptions().MaxFileBytes;
        var result = HookDirectoryLoader.Load(settings.HooksDirs, maxFileBytes, settings.HostRoot, cancellationToken: cancellationToken);
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
