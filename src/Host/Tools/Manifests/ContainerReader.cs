using HookInjector.Abstractions;
using HookInjector.Host.Yaml;

namespace HookInjector.Host.Tools.Manifests;

/// <summary>Reads one entry of <c>containers</c> or <c>initContainers</c>.</summary>
internal static class ContainerReader
{
    /// <param name="reader">Receives the mistakes; null is returned when the container cannot be read.</param>
    public static ManifestContainer? Read(YamlTreeNode node, string path, bool isInit, IReadOnlyDictionary<string, string> volumeSources, bool mountServiceAccountToken, NodeReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.OpenFields(node, path) is not { } container)
        {
            return null;
        }
        var name = container.String("name");
        if (container.Optional("name") is null || name is "")
        {
            reader.Fail(container.Node, path, "container without a name");
        }
        var command = container.Strings("command");
        var args = container.Strings("args");
        var source = command.Count > 0 ? CommandSource.Manifest : args.Count > 0 ? CommandSource.ImageEntrypoint : CommandSource.Image;
        var info = new ContainerInfo
        {
            Name = name ?? "",
            Args = [.. command, .. args],
            Env = Environment(container, reader),
            Mounts = ContainerMounts.Of(container, volumeSources, mountServiceAccountToken, reader),
        };
        return string.IsNullOrEmpty(name) ? null : new ManifestContainer(info, isInit, source);
    }

    /// <summary>
    /// <c>KEY=value</c> for each plain <c>env</c> entry. Values from <c>valueFrom</c> (secrets,
    /// field references) exist only at run time; such variables are left out.
    /// </summary>
    private static List<string> Environment(Fields container, NodeReader reader)
    {
        var variables = new List<string>();
        var entries = container.Sequence("env")?.Items ?? [];
        for (var index = 0; index < entries.Length; index++)
        {
            if (reader.OpenFields(entries[index], FieldPath.Item(container.PathOf("env"), index)) is { } entry
                && entry.RequiredString("name") is { } name
                && entry.Optional("valueFrom") is null)
            {
                variables.Add($"{name}={entry.String("value")}");
            }
        }
        return variables;
    }
}
