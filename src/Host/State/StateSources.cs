using HookInjector.Abstractions;
using HookInjector.Host.Configuration;
using HookInjector.Host.Extensions;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Metrics;
using HookInjector.Host.OciHooks.Loading;
using HookInjector.Host.OciHooks.Selection;
using HookInjector.Host.Platform;
using HookInjector.Host.Rules.Scripts;
using HookInjector.Host.Rules.Yaml;
using HookInjector.Host.Worker;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.State;

/// <summary>
/// One source of the <see cref="PluginState"/>: the directories it reads (and that are watched for
/// it), and its load, which reads the source whole and returns how it changes a state.
/// </summary>
/// <param name="Name">How logs and metrics name the source: hooks.d, rules, scripts, extensions.</param>
/// <param name="Directories">The directories read and watched.</param>
/// <param name="Recursive">Whether changes below the directories' own entries count (extension folders).</param>
/// <param name="InWorker">Loaded by the worker (scripts, extensions): may take long enough that what waits for a state does not wait for it.</param>
/// <param name="Load">Reads the source (the flag says whether this is the first load of these settings' sources); problems are logged and counted, not thrown.</param>
internal sealed record StateSource(string Name, IReadOnlyList<string> Directories, bool Recursive, bool InWorker, Func<bool, CancellationToken, Func<PluginState, PluginState>> Load);

/// <summary>
/// The sources of a state for given settings, in the order a container meets them: hooks.d, then
/// YAML rules (read by the daemon), rule scripts and extensions (loaded by the worker, which is
/// started only when there is a script or an extension to load).
/// </summary>
internal sealed partial class StateSources(WorkerSupervisor? worker, ILoggerFactory loggerFactory, HookInjectorMetrics? metrics)
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly ILogger hooksLogger = loggerFactory.CreateLogger("HookInjector.Host.OciHooks");
    private readonly ILogger sourcesLogger = loggerFactory.CreateLogger<StateSources>();
    private readonly HookPatternTimeouts patternTimeouts = new(loggerFactory.CreateLogger<HookPatternTimeouts>(), metrics: metrics);

    /// <summary>Whether two settings read the same sources the same way, so a state loaded for one serves the other.</summary>
    public static bool SameSources(PluginSettings a, PluginSettings b) =>
        a.HooksDirs.SequenceEqual(b.HooksDirs, StringComparer.Ordinal)
        && (a.HostRoot, a.Strict, a.DisableWatch, a.RulesDir, a.ScriptCacheDir, a.ExtensionsDir, a.WorkerPath)
            == (b.HostRoot, b.Strict, b.DisableWatch, b.RulesDir, b.ScriptCacheDir, b.ExtensionsDir, b.WorkerPath);

    public static bool HasScripts(string directory) => ScriptSource.Files(directory).Any();

    public static bool HasExtensions(string directory) => ExtensionSource.Folders(directory).Any();

    public IReadOnlyList<StateSource> For(PluginSettings settings)
    {
        if (!settings.DisableWatch)
        {
            // As the Go plugin does before watching: a directory created later is then watched from the start.
            foreach (var directory in settings.HooksDirs)
            {
                CreateIfMissing(directory);
            }
        }
        var rules = settings.RulesDir;
        var extensions = settings.ExtensionsDir;
        return
        [
            new(SourceLabel.HooksDirectory, settings.HooksDirs, Recursive: false, InWorker: false, (first, cancellationToken) => LoadHooks(settings, first, cancellationToken)),
            Pipeline(SourceLabel.Of(HookSourceKind.Rule), PluginState.Rules, rules, recursive: false, inWorker: false, cancellationToken => YamlRuleSource.Load(rules, refuseUntrusted: settings.Strict, cancellationToken)),
            Pipeline(SourceLabel.Of(HookSourceKind.Script), PluginState.Scripts, rules, recursive: false, inWorker: true, cancellationToken => worker?.Load(WorkerService.ScriptsSource, rules, settings.ScriptCacheDir, HasScripts(rules), cancellationToken) ?? SourceSnapshot.Empty),
            Pipeline(SourceLabel.Of(HookSourceKind.Extension), PluginState.Extensions, extensions, recursive: true, inWorker: true, cancellationToken => worker?.Load(WorkerService.ExtensionsSource, extensions, "", HasExtensions(extensions), cancellationToken) ?? SourceSnapshot.Empty),
        ];
    }

    private Func<PluginState, PluginState> LoadHooks(PluginSettings settings, bool first, CancellationToken cancellationToken)
    {
        var options = settings.ToOciHooksOptions();
        using var loading = metrics?.Loading(SourceLabel.HooksDirectory);
        var memory = MemoryAfterLoad.Track();
        var result = HookDirectoryLoader.Load(options.Directories, options.MaxFileBytes, options.HostRoot, options.RefuseUntrustedFiles, cancellationToken);
        if (first && options.StrictStartup && result.StartupFailure is { } failure)
        {
            throw new HookLoadException($"loading hooks from {failure.Path}: {failure.Message}");
        }
        if (first)
        {
            OciHooksLog.Loaded(hooksLogger, result.Hooks.Length, result.Errors.Length);
        }
        else
        {
            OciHooksLog.Reloaded(hooksLogger, result.Hooks.Length, result.Errors.Length);
            metrics?.Reloaded(SourceLabel.HooksDirectory, failed: !result.Errors.IsEmpty);
        }
        OciHooksLog.Errors(hooksLogger, result.Errors);
        OciHooksLog.Warnings(hooksLogger, result.Warnings);
        metrics?.UntrustedFilesFound(SourceLabel.HooksDirectory, result.UntrustedFiles);
        var catalog = new HookCatalog(result.Hooks, options.StrictMatching, patternTimeouts);
        memory.Release();
        return state => state with { Hooks = catalog, HookFileProblems = result.Errors.Length };
    }

    private StateSource Pipeline(string name, int index, string directory, bool recursive, bool inWorker, Func<CancellationToken, SourceSnapshot> read) =>
        new(name, [directory], recursive, inWorker, (first, cancellationToken) =>
        {
            using var loading = metrics?.Loading(name);
            var memory = MemoryAfterLoad.Track();
            var snapshot = LoadReporting(name, directory, read, cancellationToken, out var failed);
            if (!first)
            {
                metrics?.Reloaded(name, failed);
            }
            memory.Release();
            return state => state with { Sources = state.Sources.WithSource(index, snapshot) };
        });

    private SourceSnapshot LoadReporting(string name, string directory, Func<CancellationToken, SourceSnapshot> read, CancellationToken cancellationToken, out bool failed)
    {
        failed = true;
        SourceSnapshot snapshot;
        try
        {
            snapshot = read(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A source that cannot load at all contributes nothing; the others stay in effect.
            LogLoadFailed(sourcesLogger, name, directory, e.Message);
            return SourceSnapshot.Empty with { Problems = [new SourceProblem(directory, null, null, e.Message)] };
        }
        failed = !snapshot.Problems.IsEmpty;
        var workerMutators = snapshot.WorkerCalls.Count(call => call.Mutates);
        LogLoaded(sourcesLogger, name, directory,
            snapshot.Matchers.Length + snapshot.WorkerCalls.Length - workerMutators, snapshot.Mutators.Length + workerMutators, snapshot.Problems.Length);
        foreach (var problem in snapshot.Problems)
        {
            LogProblem(sourcesLogger, name, problem.ToString());
        }
        foreach (var warning in snapshot.Warnings)
        {
            LogWarning(sourcesLogger, name, warning.ToString());
        }
        metrics?.UntrustedFilesFound(name, snapshot.Problems.Count(problem => problem.IsUntrusted) + snapshot.Warnings.Count(warning => warning.IsUntrusted));
        return snapshot;
    }

    private void CreateIfMissing(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }
        try
        {
            // The host only runs on Linux; the guard satisfies the platform analyzer.
            _ = OperatingSystem.IsWindows() ? Directory.CreateDirectory(directory) : Directory.CreateDirectory(directory, DirectoryMode);
            OciHooksLog.DirectoryCreated(hooksLogger, directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            OciHooksLog.DirectoryNotCreated(hooksLogger, directory, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Source} from {Directory}: {Matchers} matchers, {Mutators} mutators, {Problems} problems")]
    private static partial void LogLoaded(ILogger logger, string source, string directory, int matchers, int mutators, int problems);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping part of {Source}: {Problem}")]
    private static partial void LogProblem(ILogger logger, string source, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loaded part of {Source} despite: {Warning}")]
    private static partial void LogWarning(ILogger logger, string source, string warning);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot load {Source} from {Directory}: {Reason}")]
    private static partial void LogLoadFailed(ILogger logger, string source, string directory, string reason);
}
