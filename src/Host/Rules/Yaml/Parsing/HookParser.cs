using System.Collections.Immutable;
using HookInjector.Abstractions;
using HookInjector.Host.Rules.Yaml.Matching;
using HookInjector.Host.Yaml;

namespace HookInjector.Host.Rules.Yaml.Parsing;

/// <summary>Reads a rule's <c>hooks</c>: at least one, each with a stage and an absolute path.</summary>
internal static class HookParser
{
    private static readonly string[] HookKeys = ["stage", "path", "args", "env", "timeout"];

    // The OCI stage names, spelled as in the runtime-spec; prestart runs as createRuntime, as containers/common writes it.
    private static readonly Dictionary<string, HookStage> Stages = new(StringComparer.Ordinal)
    {
        ["prestart"] = HookStage.CreateRuntime,
        ["createRuntime"] = HookStage.CreateRuntime,
        ["createContainer"] = HookStage.CreateContainer,
        ["startContainer"] = HookStage.StartContainer,
        ["poststart"] = HookStage.Poststart,
        ["poststop"] = HookStage.Poststop,
    };

    public static ImmutableArray<RuleHook> Parse(YamlTreeNode node, string path, NodeReader reader)
    {
        if (reader.Sequence(node, path) is not { } sequence)
        {
            return [];
        }
        if (sequence.Items.IsEmpty)
        {
            reader.Fail(node, path, "must list at least one hook");
        }
        var hooks = ImmutableArray.CreateBuilder<RuleHook>(sequence.Items.Length);
        for (var i = 0; i < sequence.Items.Length; i++)
        {
            if (ReadHook(sequence.Items[i], FieldPath.Item(path, i), reader) is { } hook)
            {
                hooks.Add(hook);
            }
        }
        return hooks.ToImmutable();
    }

    private static RuleHook? ReadHook(YamlTreeNode node, string path, NodeReader reader)
    {
        if (reader.Fields(node, path, HookKeys) is not { } fields)
        {
            return null;
        }
        var stage = ReadStage(fields.Required("stage"), fields.PathOf("stage"), reader);
        var hookPath = ReadPath(fields.Required("path"), fields.PathOf("path"), reader);
        var args = fields.Optional("args") is { } argsNode ? reader.Strings(argsNode, fields.PathOf("args")) : [];
        var env = fields.Optional("env") is { } envNode ? ReadEnv(envNode, fields.PathOf("env"), reader) : [];
        var timeout = fields.Optional("timeout") is { } timeoutNode ? reader.PositiveInteger(timeoutNode, fields.PathOf("timeout")) : null;
        return stage is { } known && hookPath is not null && args is not null
            ? new RuleHook(known, new OciHook(hookPath, [.. args.Select(arg => arg.Text)], env, timeout))
            : null;
    }

    private static HookStage? ReadStage(YamlTreeNode? node, string path, NodeReader reader)
    {
        if (node is null || reader.String(node, path) is not { } text)
        {
            return null;
        }
        if (Stages.TryGetValue(text, out var stage))
        {
            return stage;
        }
        var hint = KeyHint.Suggest(text, [.. Stages.Keys]) is { } suggestion ? $"; did you mean \"{suggestion}\"?" : "";
        reader.Fail(node, path, $"unknown stage \"{text}\" (expected {string.Join(", ", Stages.Keys)}){hint}");
        return null;
    }

    private static string? ReadPath(YamlTreeNode? node, string path, NodeReader reader)
    {
        if (node is null || reader.String(node, path) is not { } text)
        {
            return null;
        }
        if (!text.StartsWith('/'))
        {
            reader.Fail(node, path, $"must be an absolute path, got \"{text}\"");
        }
        return text;
    }

    private static ImmutableArray<string> ReadEnv(YamlTreeNode node, string path, NodeReader reader)
    {
        var entries = reader.Strings(node, path) ?? [];
        foreach (var (text, itemNode, itemPath) in entries)
        {
            if (text.IndexOf('=', StringComparison.Ordinal) <= 0)
            {
                reader.Fail(itemNode, itemPath, $"must be NAME=value, got \"{text}\"");
            }
        }
        return [.. entries.Select(entry => entry.Text)];
    }
}
