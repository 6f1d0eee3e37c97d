using HookInjector.Abstractions;
using HookInjector.Host.Configuration;
using HookInjector.Host.Injection.Nri;
using HookInjector.Host.Metrics;
using HookInjector.Host.Nri.Api;
using HookInjector.Host.OciHooks.Matching;
using HookInjector.Host.OciHooks.Selection;
using HookInjector.Host.OciHooks.Watching;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Injection;

/// <summary>
/// Decides the hooks of a container being created: hooks.d first, with the Hook Manager's
/// semantics and the inputs the Go NRI plugin builds (container annotations overlaid by the pod's,
/// the container's arguments), then the rules, scripts and extensions of the
/// <see cref="SourcePipeline"/>, then removes what the container already has or what two sources
/// both planned. Reads only immutable snapshots: no lock, no I/O.
/// </summary>
internal sealed partial class HookInjectionAdjuster : IContainerAdjuster
{
    private readonly HookCatalogRunner hooksDirectories;
    private readonly SourcePipeline sources;
    private readonly CurrentSettings settings;
    private readonly ILogger logger;
    private readonly HookInjectorMetrics? metrics;

    public HookInjectionAdjuster(HookCatalogRunner hooksDirectories, SourcePipeline sources, CurrentSettings settings, ILogger<HookInjectionAdjuster> logger, HookInjectorMetrics? metrics = null)
    {
        this.metrics = metrics;
        this.hooksDirectories = hooksDirectories;
        this.sources = sources;
        this.settings = settings;
        this.logger = logger;
    }

    public async ValueTask<ContainerAdjustment?> AdjustAsync(PodSandbox pod, Container container, CancellationToken cancellationToken)
    {
        var name = $"{pod.Name}/{container.Name}";
        var context = ContainerContextFactory.Create(pod, container);
        var plan = new InjectionPlan();
        AddHooksDirectoryHooks(name, context, plan);
        (plan, var mutatedBy) = await sources.RunAsync(name, context, plan, cancellationToken).ConfigureAwait(false);

        PlanDeduplicator.Apply(plan, container.Hooks);
        if (plan.IsEmpty)
        {
            LogNothingToInject(name);
            return null;
        }
        metrics?.HooksInjected(plan);
        if (logger.IsEnabled(LogLevel.Information))
        {
            var origins = string.Join(", ", plan.Entries().Select(entry => entry.Hook.Origin.ToString()).Distinct());
            if (mutatedBy.Count == 0)
            {
                LogInjected(name, origins);
            }
            else
            {
                var mutators = string.Join(", ", mutatedBy);
                LogInjectedMutated(name, origins, mutators);
            }
        }
        return AdjustmentBuilder.Build(plan);
    }

    private void AddHooksDirectoryHooks(string name, ContainerContext context, InjectionPlan plan)
    {
        var hasBindMounts = BindMountDetector.HasBindMounts(context.Container.Mounts, settings.Value.BindMounts);
        var input = HookMatchInput.ForContainer(context.Container.Args, context.Container.Annotations, context.Pod.Annotations, hasBindMounts);
        var selection = hooksDirectories.Current.Select(input);
        foreach (var warning in selection.Warnings)
        {
            LogSelectionWarning(name, warning.ToString());
        }
        if (selection.Error is { } error)
        {
            LogSelectionFailed(name, error);
            throw new InvalidOperationException($"hook generation failed: {error}");
        }
        selection.AddTo(plan);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Container}: no hooks to inject")]
    private partial void LogNothingToInject(string container);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Container}: injected OCI hooks from {Origins}")]
    private partial void LogInjected(string container, string origins);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Container}: injected OCI hooks from {Origins}; mutated by {Mutators}")]
    private partial void LogInjectedMutated(string container, string origins, string mutators);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Container}: {Warning}; the hook is left out")]
    private partial void LogSelectionWarning(string container, string warning);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Container}: failed to generate hooks: {Error}")]
    private partial void LogSelectionFailed(string container, string error);
}
