using HookInjector.Host.Metrics;
using HookInjector.Host.OciHooks.Loading;
using HookInjector.Host.OciHooks.Selection;
using HookInjector.Host.Platform;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.OciHooks.Watching;

/// <summary>
/// Holds the current hooks.d catalog. Readers take <see cref="Current"/> (a volatile read of an
/// immutable snapshot, no lock); loads build a complete new catalog off the call path and swap
/// it in with one reference write, so a container sees either the old or the new set, never a mix.
/// A reload, like Go's, rebuilds from scratch: an invalid file is left out and a valid
/// lower-precedence namesake comes back.
/// </summary>
internal sealed class HookCatalogProvider
{
    private readonly OciHooksOptions options;
    private readonly ILogger<HookCatalogProvider> logger;
    private readonly HookPatternTimeouts patternTimeouts;
    private readonly Lock loadGate = new();
    private volatile HookCatalog current = HookCatalog.Empty;
    private int reloadCount;

    public HookCatalogProvider(OciHooksOptions options, ILogger<HookCatalogProvider> logger, HookInjectorMetrics? metrics = null)
    {
        this.options = options;
        this.logger = logger;
        patternTimeouts = new HookPatternTimeouts(logger, metrics: metrics);
    }

    public HookCatalog Current => current;

    /// <summary>How many reloads (not counting start-up) have been published.</summary>
    public int ReloadCount => Volatile.Read(ref reloadCount);

    /// <summary>
    /// Loads for the first time. In strict mode, fails as Go's manager does when a directory has an
    /// error (<see cref="HookLoadException"/>); otherwise every bad file is logged and skipped.
    /// </summary>
    public HookLoadResult LoadAtStartup(CancellationToken cancellationToken = default)
    {
        lock (loadGate)
        {
            var garbage = LoadGarbage.Track();
            var result = HookDirectoryLoader.Load(options.Directories, options.MaxFileBytes, options.HostRoot, options.RefuseUntrustedFiles, cancellationToken);
            if (options.StrictStartup && result.StartupFailure is { } failure)
            {
                throw new HookLoadException($"loading hooks from {failure.Path}: {failure.Message}");
            }
            OciHooksLog.Loaded(logger, result.Hooks.Length, result.Errors.Length);
            OciHooksLog.Errors(logger, result.Errors);
            OciHooksLog.Warnings(logger, result.Warnings);
            current = new HookCatalog(result.Hooks, options.StrictMatching, patternTimeouts);
            garbage.Release();
            return result;
        }
    }

    /// <summary>Re-reads every directory and publishes the result, whatever errors it has.</summary>
    public HookLoadResult Reload(CancellationToken cancellationToken = default)
    {
        lock (loadGate)
        {
            var garbage = LoadGarbage.Track();
            var result = HookDirectoryLoader.Load(options.Directories, options.MaxFileBytes, options.HostRoot, options.RefuseUntrustedFiles, cancellationToken);
            current = new HookCatalog(result.Hooks, options.StrictMatching, patternTimeouts);
            Interlocked.Increment(ref reloadCount);
            OciHooksLog.Reloaded(logger, result.Hooks.Length, result.Errors.Length);
            OciHooksLog.Errors(logger, result.Errors);
            OciHooksLog.Warnings(logger, result.Warnings);
            garbage.Release();
            return result;
        }
    }
}
