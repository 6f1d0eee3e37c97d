using HookInjector.Abstractions;
using HookInjector.Host.Yaml;

namespace HookInjector.Host.Tools.Manifests;

/// <summary>Reads one entry of <c>containers</c> or <c>initContainers</c>.</summary>
internal static class ContainerReader
{
    public static ManifestContainer Read(YamlTreeNode node, string path, bool isInit, IReadOnlyDictionary<string, string> volumeSources, bool mountServiceAccountToken)
    {
        var container = ManifestFields.Item(node, path);
        var name = ManifestFields.String(container, "name", path);
        if (string.IsNullOrEmpty(name))
        {
            throw new ManifestException(container.Position, $"{path}: container without a name");
        }
        var command = ManifestFields.StringList(container, "command", path);
        var args = ManifestFields.StringList(container, "args", path);
        var source = !command.IsEmpty ? CommandSource.Manifest : !args.IsEmpty ? CommandSource.ImageEntrypoint : CommandSource.Image;
        var info = new ContainerInfo
        {
            Name = name,
            Args = [.. command, .. args],
            Env = Environment(container, path),
            Mounts = ContainerMounts.Of(container, path, volumeSources, mountServiceAccountToken),
        };
        return new ManifestContainer(info, isInit, source);
    }

    /// <summary>
    /// <c>KEY=value</c> for each plain <c>env</c> entry. Values from <c>valueFrom</c> (secrets,
    /// field references) exist only at run time; such variables are left out.
    /// </summary>
    private static List<string> Environment(MappingNode container, string path)
    {
        var variables = new List<string>();
        var entries = ManifestFields.Sequence(container, "env", path);
        for (var index = 0; index < (entries?.Items.Length ?? 0); index++)
        {
            var entryPath = $"{ManifestFields.Join(path, "env")}[{index}]";
            var entry = ManifestFields.Item(entries!.Items[index], entryPath);
            var name = ManifestFields.String(entry, "name", entryPath) ?? throw new ManifestException(entry.Position, $"{entryPath}: missing name");
            if (ManifestFields.Find(entry, "valueFrom") is null)
            {
                variables.Add($"{name}={ManifestFields.String(entry, "value", entryPath)}");
            }
        }
        return variables;
    }
}
