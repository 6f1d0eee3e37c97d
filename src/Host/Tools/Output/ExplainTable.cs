using HookInjector.Host.OciHooks;
using HookInjector.Host.Injection;
using System.Globalization;
using HookInjector.Host.Tools.Explain;
using HookInjector.Host.Tools.Manifests;

namespace HookInjector.Host.Tools.Output;

/// <summary>
/// The human form of an <see cref="ExplainReport"/>: per pod and container, the inputs, the hooks
/// in final order and a line per candidate saying why it did or did not apply.
/// </summary>
internal static class ExplainTable
{
    public static void Write(TextWriter output, ExplainReport report)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(report);
        if (!report.Problems.IsEmpty)
        {
            output.Write("Problems (the plugin skips these; see 'hook-injector validate'):\n");
            foreach (var problem in report.Problems)
            {
                output.Write($"  {problem}\n");
            }
            output.Write('\n');
        }
        foreach (var pod in report.Pods)
        {
            WritePod(output, pod);
        }
        foreach (var skipped in report.Skipped)
        {
            output.Write($"Skipped {skipped}\n");
        }
    }

    private static void WritePod(TextWriter output, PodExplanation explanation)
    {
        var pod = explanation.Pod.Info;
        output.Write($"Pod {pod.Namespace}/{pod.Name} ({explanation.Pod.Origin}, document {explanation.Pod.Document})\n");
        output.Write($"  runtime handler: {(pod.RuntimeHandler.Length == 0 ? "\"\" (default)" : pod.RuntimeHandler)}\n");
        output.Write($"  labels: {Pairs(pod.Labels)}\n");
        output.Write($"  annotations: {Pairs(pod.Annotations)}\n");
        foreach (var container in explanation.Containers)
        {
            output.Write('\n');
            WriteContainer(output, container);
        }
        output.Write('\n');
    }

    private static void WriteContainer(TextWriter output, ContainerExplanation explanation)
    {
        var container = explanation.Container;
        output.Write($"  {(container.IsInit ? "Init container" : "Container")} {container.Info.Name}\n");
        output.Write($"    args: {Args(container)}\n");
        output.Write($"    hasBindMounts: {(explanation.HasBindMounts ? "true" : "false")} ({explanation.BindMountsReason})\n");
        foreach (var note in explanation.Notes)
        {
            output.Write($"    note: {note}\n");
        }

        if (explanation.Hooks.IsEmpty)
        {
            output.Write("    hooks: none\n");
        }
        else
        {
            output.Write("    hooks:\n");
            var hooks = new TextTable("STAGE", "#", "PATH", "ARGS", "TIMEOUT", "ORIGIN");
            foreach (var hook in explanation.Hooks)
            {
                var oci = hook.Hook.Hook;
                hooks.Add(OciStageNames.Of(hook.Stage), hook.Order.ToString(CultureInfo.InvariantCulture), oci.Path,
                    oci.Args.Count == 0 ? "-" : ShellWords.Join(oci.Args), oci.TimeoutSeconds is { } timeout ? $"{timeout}s" : "-", hook.Hook.Origin.ToString());
            }
            hooks.Write(output, "      ");
        }

        if (!explanation.Candidates.IsEmpty)
        {
            output.Write("    candidates:\n");
            var candidates = new TextTable("ORIGIN", "RESULT", "WHY");
            foreach (var candidate in explanation.Candidates)
            {
                candidates.Add(candidate.Origin.ToString(), ExplainJson.ResultName(candidate.Result), candidate.Reason);
            }
            candidates.Write(output, "      ");
        }

        foreach (var dropped in explanation.Dropped)
        {
            output.Write($"    dropped: {OciStageNames.Of(dropped.Stage)} {dropped.Hook.Hook.Path} from {dropped.Hook.Origin}: {(dropped.KeptFrom is null ? "the container has the same hook already" : $"the same hook already comes from {dropped.KeptFrom}")}\n");
        }
    }

    private static string Args(ManifestContainer container) => container.CommandSource switch
    {
        CommandSource.Image => "(from the image)",
        CommandSource.ImageEntrypoint => $"(image entrypoint) {ShellWords.Join(container.Info.Args)}",
        _ => ShellWords.Join(container.Info.Args),
    };

    private static string Pairs(IReadOnlyDictionary<string, string> map) =>
        map.Count == 0 ? "none" : string.Join(", ", map.Select(pair => $"{pair.Key}={pair.Value}"));
}
