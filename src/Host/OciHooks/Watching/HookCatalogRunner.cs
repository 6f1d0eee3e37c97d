using HookInjector.Host.Metrics;
using HookInjector.Host.OciHooks.Selection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.OciHooks.Watching;

/// <summary>
/// Runs the hooks.d catalog for the options in force, and starts it over when they change (a
/// pre-installed plugin learns its directories only from the configuration the runtime passes).
/// <see cref="Current"/> is one volatile read: switching options never blocks a container.
/// </summary>
internal sealed class HookCatalogRunner : IHostedService, IDisposable
{
    private readonly OciHooksOptions initialOptions;
    private readonly TimeProvider time;
    private readonly ILoggerFactory loggerFactory;
    private readonly HookInjectorMetrics? metrics;
    private readonly SemaphoreSlim switching = new(1, 1);
    private volatile Running? running;

    public HookCatalogRunner(OciHooksOptions initialOptions, TimeProvider time, ILoggerFactory loggerFactory, HookInjectorMetrics? metrics = null)
    {
        this.initialOptions = initialOptions;
        this.time = time;
        this.loggerFactory = loggerFactory;
        this.metrics = metrics;
    }

    public HookCatalog Current => running?.Provider.Current ?? HookCatalog.Empty;

    public OciHooksOptions Options => running?.Options ?? initialOptions;

    /// <summary>Loads the directories (failing in strict mode as Go's manager does) and starts watching them.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => SwitchAsync(initialOptions, cancellationToken);

    /// <summary>Switches to other options when they differ from those in force; loads synchronously before returning.</summary>
    public async Task ApplyAsync(OciHooksOptions options, CancellationToken cancellationToken)
    {
        if (!SameSources(options, Options))
        {
            await SwitchAsync(options, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref running, null) is { } last)
        {
            await last.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        running?.Service.Dispose();
        switching.Dispose();
    }

    private async Task SwitchAsync(OciHooksOptions options, CancellationToken cancellationToken)
    {
        await switching.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var provider = new HookCatalogProvider(options, loggerFactory.CreateLogger<HookCatalogProvider>(), metrics);
            var service = new HookCatalogService(provider, options, time, loggerFactory.CreateLogger<HookCatalogService>(), metrics);
            await service.StartAsync(cancellationToken).ConfigureAwait(false);
            if (Interlocked.Exchange(ref running, new Running(options, provider, service)) is { } previous)
            {
                await previous.StopAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            switching.Release();
        }
    }

    private static bool SameSources(OciHooksOptions a, OciHooksOptions b) =>
        a.Directories.SequenceEqual(b.Directories, StringComparer.Ordinal) && a with { Directories = b.Directories } == b;

    private sealed record Running(OciHooksOptions Options, HookCatalogProvider Provider, HookCatalogService Service)
    {
        public async Task StopAsync(CancellationToken cancellationToken)
        {
            await Service.StopAsync(cancellationToken).ConfigureAwait(false);
            Service.Dispose();
        }
    }
}
