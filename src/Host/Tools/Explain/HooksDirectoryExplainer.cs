using System.Collections.Immutable;
using HookInjector.Abstractions;
using HookInjector.Host.OciHooks.Matching;
using HookInjector.Host.OciHooks.Selection;
using HookInjector.Host.Tools.Manifests;

namespace HookInjector.Host.Tools.Explain;

/// <summary>
/// The hooks.d part of a container's plan, selected by the plugin's own <see cref="HookCatalog"/>,
/// with a verdict for every hook file in evaluation order.
/// </summary>
internal static class HooksDirectoryExplainer
{
    public static ImmutableArray<CandidateVerdict> AddTo(InjectionPlan plan, HookCatalog catalog, HookMatchInput input, CommandSource commandSource, string bindMountsReason)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var selection = catalog.Select(input);
        // Left out (with a warning) are only hooks whose commands meet a container without
        // arguments, which here means "from the image": their verdict says "unknown".
        selection.AddTo(plan);

        var verdicts = ImmutableArray.CreateBuilder<CandidateVerdict>(catalog.Hooks.Count);
        foreach (var hook in catalog.Hooks)
        {
            var (result, reason, conditions) = HookConditionExplainer.Explain(hook.When, input, commandSource, bindMountsReason);
            var selected = selection.MatchedFileNames.Contains(hook.FileName);
            if (result != CandidateResult.Unknown && selected != (result == CandidateResult.Matched))
            {
                throw new InvalidOperationException($"explaining {hook.SourcePath}: the explanation ({reason}) disagrees with the plugin's matching ({(selected ? "match" : "no match")})");
            }
            if (selected && hook.Stages.IsEmpty)
            {
                reason += "; the file lists no stage, so nothing is injected";
            }
            verdicts.Add(new CandidateVerdict(hook.Planned.Origin, hook.SourcePath, result, reason, conditions));
        }
        return verdicts.MoveToImmutable();
    }
}
