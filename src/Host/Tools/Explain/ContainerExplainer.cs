using System.Collections.Immutable;
using HookInjector.Abstractions;
using HookInjector.Host.Injection;
using HookInjector.Host.Rules.Yaml.Matching;
using HookInjector.Host.Tools.Loading;
using HookInjector.Host.Tools.Manifests;

namespace HookInjector.Host.Tools.Explain;

/// <summary>
/// Explains a manifest's containers with the plugin's own <see cref="ContainerDecision"/>, asking it
/// for its trace, and adds what only a manifest can tell: where a container's command comes from.
/// </summary>
internal sealed class ContainerExplainer(LoadedConfiguration configuration)
{
    /// <summary>
    /// The worker's budget here: explain runs once, often with a cold JIT, where the plugin's tight
    /// budget would report false failures.
    /// </summary>
    public static readonly TimeSpan WorkerBudget = TimeSpan.FromSeconds(30);

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
        var decision = await ContainerDecision.DecideAsync(configuration.State, configuration.Worker, context, createContainerRequest: null, existing: null, trace: true, WorkerBudget, cancellationToken).ConfigureAwait(false);
        var trace = decision.Trace!;
        var hooks = Enum.GetValues<HookStage>()
            .SelectMany(stage => decision.Plan[stage].Select((hook, index) => new ExplainedHook(stage, index + 1, hook)))
            .ToImmutableArray();
        var candidates = trace.Candidates.Select(verdict => WithCommandSource(verdict, container.CommandSource)).ToImmutableArray();
        return new ContainerExplanation(container, trace.HasBindMounts, trace.BindMountsReason, hooks, candidates, trace.Dropped, Notes(container.CommandSource));
    }

    /// <summary>
    /// A hooks.d verdict whose <c>commands</c> condition met a container without arguments is, for a
    /// manifest, a command the image supplies; a command taken from args comes after the image's entrypoint.
    /// </summary>
    private CandidateVerdict WithCommandSource(CandidateVerdict verdict, CommandSource commandSource)
    {
        if (verdict.Origin.Kind != HookSourceKind.HooksDirectory || verdict.Conditions is not [.., { Condition: "commands" } commands])
        {
            return verdict;
        }
        if (verdict.Result == CandidateResult.Unknown)
        {
            var hook = configuration.State.Hooks.Hooks.First(candidate => candidate.SourcePath == verdict.Location);
            var patterns = string.Join(", ", hook.When.Commands.Select(pattern => pattern.Pattern));
            var fromImage = commands with { Reason = $"the command comes from the image, which the manifest does not show; the hook is injected if it matches {patterns}" };
            return verdict with { Reason = $"{fromImage.Condition}: unknown ({fromImage.Reason})", Conditions = verdict.Conditions.SetItem(verdict.Conditions.Length - 1, fromImage) };
        }
        if (commandSource != CommandSource.ImageEntrypoint)
        {
            return verdict;
        }
        var caveat = commands with { Reason = commands.Reason + " (taken from args: the image's entrypoint, not shown, comes first at run time)" };
        return verdict with
        {
            Reason = verdict.Reason == commands.ToString() ? caveat.ToString() : verdict.Reason,
            Conditions = verdict.Conditions.SetItem(verdict.Conditions.Length - 1, caveat),
        };
    }

    private static ImmutableArray<string> Notes(CommandSource commandSource) => commandSource switch
    {
        CommandSource.ImageEntrypoint => ["the manifest sets args but no command: at run time the image's entrypoint comes first, so the real command may differ from args[0]"],
        CommandSource.Image => ["the manifest sets neither command nor args: the process arguments come from the image, so 'commands' conditions cannot be decided and scripts see no arguments"],
        _ => [],
    };
}
