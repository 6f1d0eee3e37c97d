using System.Collections.Immutable;
using HookInjector.Abstractions;
using HookInjector.Host.OciHooks.Matching;
using HookInjector.Host.Tools.Loading;
using HookInjector.Host.Tools.Manifests;

namespace HookInjector.Host.Tools.Explain;

/// <summary>
/// Works out a container's hooks the way the plugin's adjuster does: hooks.d with the inputs the
/// plugin builds (container annotations overlaid by the pod's, the arguments, hasBindMounts),
/// then rules, scripts and extensions, then mutators, then duplicates removed; and says why.
/// </summary>
internal sealed class ContainerExplainer(LoadedConfiguration configuration, ToolSettings settings)
{
    public async Task<PodExplanation> ExplainAsync(ManifestPod pod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var containers = new List<ContainerExplanation>();
        foreach (var container in pod.Containers)
        {
            containers.Add(await ExplainAsync(pod, container, cancellationToken).ConfigureAwait(false));
        }
        return new PodExplanation(pod, [.. containers]);
    }

    private async Task<ContainerExplanation> ExplainAsync(ManifestPod pod, ManifestContainer container, CancellationToken cancellationToken)
    {
        var context = new ContainerContext { Pod = pod.Info, Container = container.Info };
        var (hasBindMounts, bindMountsReason) = BindMountExplainer.Explain(container.Info.Mounts, settings.BindMounts);
        var input = HookMatchInput.ForContainer(container.Info.Args, container.Info.Annotations, pod.Info.Annotations, hasBindMounts);

        var plan = new InjectionPlan();
        var candidates = ImmutableArray.CreateBuilder<CandidateVerdict>();
        candidates.AddRange(HooksDirectoryExplainer.AddTo(plan, configuration.Hooks, input, container.CommandSource, bindMountsReason));
        (plan, var sources) = await PipelineExplainer.RunAsync(configuration.Sources, configuration.Worker, context, plan, Locate, cancellationToken).ConfigureAwait(false);
        candidates.AddRange(sources);
        var dropped = DuplicateExplainer.Apply(plan);

        var hooks = Enum.GetValues<HookStage>()
            .SelectMany(stage => plan[stage].Select((hook, index) => new ExplainedHook(stage, index + 1, hook)))
            .ToImmutableArray();
        return new ContainerExplanation(container, hasBindMounts, bindMountsReason, hooks, candidates.ToImmutable(), dropped, Notes(container.CommandSource));
    }

    private string Locate(Worker.WorkerCall call) => call.Origin.Kind == HookSourceKind.Script
        ? Path.Join(settings.RulesDir, call.Origin.Name)
        : settings.ExtensionsDir;

    private static ImmutableArray<string> Notes(CommandSource commandSource) => commandSource switch
    {
        CommandSource.ImageEntrypoint => ["the manifest sets args but no command: at run time the image's entrypoint comes first, so the real command may differ from args[0]"],
        CommandSource.Image => ["the manifest sets neither command nor args: the process arguments come from the image, so 'commands' conditions cannot be decided and scripts see no arguments"],
        _ => [],
    };
}
