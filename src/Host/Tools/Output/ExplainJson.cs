using HookInjector.Host.OciHooks;
using HookInjector.Host.Injection;
using System.Text.Json.Nodes;
using HookInjector.Abstractions;
using HookInjector.Host.OciHooks.Selection;
using HookInjector.Host.Tools.Explain;
using HookInjector.Host.Tools.Manifests;
using HookInjector.Host.Tools.Validate;

namespace HookInjector.Host.Tools.Output;

/// <summary>
/// The machine-readable form of an <see cref="ExplainReport"/>, written as JSON or YAML. The
/// schema (version <see cref="SchemaVersion"/>) is documented in docs/troubleshooting.md; every
/// field is always present (null or empty when it has no value), in a fixed order.
/// </summary>
internal static class ExplainJson
{
    public const int SchemaVersion = 1;

    public static JsonObject Of(ExplainReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new JsonObject
        {
            ["schemaVersion"] = SchemaVersion,
            ["bindMounts"] = report.BindMounts == BindMountMode.AnyMount ? "any" : "requested",
            ["problems"] = new JsonArray([.. report.Problems.Select(ValidationJson.Problem)]),
            ["pods"] = new JsonArray([.. report.Pods.Select(Pod)]),
            ["skipped"] = Strings(report.Skipped),
        };
    }

    private static JsonObject Pod(PodExplanation explanation)
    {
        var pod = explanation.Pod.Info;
        return new JsonObject
        {
            ["origin"] = explanation.Pod.Origin,
            ["document"] = explanation.Pod.Document,
            ["name"] = pod.Name,
            ["namespace"] = pod.Namespace,
            ["uid"] = pod.Uid,
            ["runtimeHandler"] = pod.RuntimeHandler,
            ["labels"] = Map(pod.Labels),
            ["annotations"] = Map(pod.Annotations),
            ["containers"] = new JsonArray([.. explanation.Containers.Select(Container)]),
        };
    }

    private static JsonObject Container(ContainerExplanation explanation)
    {
        var container = explanation.Container;
        return new JsonObject
        {
            ["name"] = container.Info.Name,
            ["init"] = container.IsInit,
            ["args"] = Strings(container.Info.Args),
            ["commandSource"] = container.CommandSource switch
            {
                CommandSource.Manifest => "manifest",
                CommandSource.ImageEntrypoint => "imageEntrypoint",
                _ => "image",
            },
            ["env"] = Strings(container.Info.Env),
            ["mounts"] = new JsonArray([.. container.Info.Mounts.Select(Mount)]),
            ["hasBindMounts"] = explanation.HasBindMounts,
            ["hasBindMountsReason"] = explanation.BindMountsReason,
            ["hooks"] = new JsonArray([.. explanation.Hooks.Select(Hook)]),
            ["candidates"] = new JsonArray([.. explanation.Candidates.Select(Candidate)]),
            ["dropped"] = new JsonArray([.. explanation.Dropped.Select(Dropped)]),
            ["notes"] = Strings(explanation.Notes),
        };
    }

    private static JsonObject Mount(MountInfo mount) => new()
    {
        ["destination"] = mount.Destination,
        ["type"] = mount.Type,
        ["source"] = mount.Source,
        ["options"] = Strings(mount.Options),
    };

    private static JsonObject Hook(ExplainedHook hook) => new()
    {
        ["stage"] = OciStageNames.Of(hook.Stage),
        ["order"] = hook.Order,
        ["path"] = hook.Hook.Hook.Path,
        ["args"] = Strings(hook.Hook.Hook.Args),
        ["env"] = Strings(hook.Hook.Hook.Env),
        ["timeout"] = hook.Hook.Hook.TimeoutSeconds,
        ["origin"] = Origin(hook.Hook.Origin),
    };

    private static JsonObject Candidate(CandidateVerdict verdict) => new()
    {
        ["origin"] = Origin(verdict.Origin),
        ["location"] = verdict.Location,
        ["result"] = ResultName(verdict.Result),
        ["reason"] = verdict.Reason,
        ["conditions"] = new JsonArray([.. verdict.Conditions.Select(condition => (JsonNode)new JsonObject
        {
            ["condition"] = condition.Condition,
            ["passed"] = condition.Passed,
            ["reason"] = condition.Reason,
        })]),
    };

    private static JsonObject Dropped(DroppedHook dropped) => new()
    {
        ["stage"] = OciStageNames.Of(dropped.Stage),
        ["path"] = dropped.Hook.Hook.Path,
        ["origin"] = Origin(dropped.Hook.Origin),
        ["keptFrom"] = dropped.KeptFrom is null ? (JsonNode)"container" : Origin(dropped.KeptFrom),
    };

    public static string ResultName(CandidateResult result) => result switch
    {
        CandidateResult.Matched => "matched",
        CandidateResult.NotMatched => "notMatched",
        CandidateResult.Unknown => "unknown",
        _ => "failed",
    };

    /// <summary>The kind as the origin's own text spells it ("hooks.d" in "hooks.d:FILE"), so logs and reports agree.</summary>
    private static JsonObject Origin(HookOrigin origin) => new()
    {
        ["kind"] = origin.ToString()[..^(origin.Name.Length + 1)],
        ["name"] = origin.Name,
    };

    private static JsonObject Map(IReadOnlyDictionary<string, string> map)
    {
        var json = new JsonObject();
        foreach (var (key, value) in map)
        {
            json[key] = value;
        }
        return json;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(value => (JsonNode?)value)]);
}
