using System.Collections.Immutable;
using HookInjector.Host.FileWatching;
using HookInjector.Host.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.OciHooks.Watching;

/// <summary>
/// Loads the hooks.d catalog when the host starts (so a strict start-up failure stops the host,
/// and hosted services registered later see the hooks), then keeps
/// <see cref="HookCatalogProvider.Current"/> in step with the directories: creates missing
/// directories (mode 0755, as the Go plugin does before watching), watches each one, and after a
/// burst of changes reloads everything once (<see cref="ReloadDebouncer"/>). Any event counts, as
/// in Go (a rename of a non-JSON file can still be a rename to one). Watching stops with the host.
/// </summary>
internal sealed class HookCatalogService : BackgroundService
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly HookCatalogProvider provider;
    private readonly OciHooksOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<HookCatalogService> logger;
    private readonly HookInjectorMetrics? metrics;
    private ImmutableArray<DirectoryWatch> watches = [];
    private ReloadDebouncer? debouncer;

    public HookCatalogService(HookCatalogProvider provider, OciHooksOptions options, TimeProvider time, ILogger<HookCatalogService> logger, HookInjectorMetrics? metrics = null)
    {
        this.provider = provider;
        this.options = options;
        this.time = time;
        this.logger = logger;
        this.metrics = metrics;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Watching starts before the first load, so a change made while loading is not missed and
        // the load needs no second pass.
        if (options.Watch)
        {
            StartWatching();
        }
        try
        {
            using var loading = metrics?.Loading(SourceLabel.HooksDirectory);
            var loaded = provider.LoadAtStartup(cancellationToken);
            metrics?.UntrustedFilesFound(SourceLabel.HooksDirectory, loaded.UntrustedFiles);
            metrics?.SourceLoaded(SourceLabel.HooksDirectory, loaded.Errors.Length);
        }
        catch
        {
            StopWatching();
            throw;
        }
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        StopWatching();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (debouncer is null)
        {
            return;
        }
        try
        {
            using var rewatch = time.CreateTimer(_ => EnsureWatching(), null, options.RewatchInterval, options.RewatchInterval);
            await debouncer.RunAsync(() => ReloadKeepingLastOnFailure(stoppingToken), stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            StopWatching();
        }
    }

    private void StartWatching()
    {
        var signals = new ReloadDebouncer(options.ReloadQuietPeriod, options.ReloadMaxDelay, time);
        var armed = ImmutableArray.CreateBuilder<DirectoryWatch>();
        foreach (var directory in options.Directories)
        {
            CreateIfMissing(directory);
            var watch = new DirectoryWatch(directory, signals.Signal, logger, loadsAfterFirstArm: true);
            armed.Add(watch);
            watch.EnsureWatching();
        }
        debouncer = signals;
        watches = armed.ToImmutable();
    }

    private void EnsureWatching()
    {
        foreach (var watch in watches)
        {
            watch.EnsureWatching();
        }
    }

    // Disposing is idempotent, and a disposed watch ignores a late re-arm from the timer.
    private void StopWatching()
    {
        foreach (var watch in watches)
        {
            watch.Dispose();
        }
    }

    private void ReloadKeepingLastOnFailure(CancellationToken stoppingToken)
    {
        try
        {
            using var loading = metrics?.Loading(SourceLabel.HooksDirectory);
            var result = provider.Reload(stoppingToken);
            metrics?.Reloaded(SourceLabel.HooksDirectory, failed: !result.Errors.IsEmpty);
            metrics?.UntrustedFilesFound(SourceLabel.HooksDirectory, result.UntrustedFiles);
            metrics?.SourceLoaded(SourceLabel.HooksDirectory, result.Errors.Length);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            metrics?.Reloaded(SourceLabel.HooksDirectory, failed: true);
            // Whatever went wrong, containers keep getting the last published hooks and the next
            // change tries again; letting it escape would stop the host.
            OciHooksLog.ReloadFailed(logger, e);
        }
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
            OciHooksLog.DirectoryCreated(logger, directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            OciHooksLog.DirectoryNotCreated(logger, directory, e.Message);
        }
    }
}
