using HookInjector.Host.Platform;
using HookInjector.Host.Yaml;

namespace HookInjector.Host.Configuration;

/// <summary>
/// Reads a configuration in YAML, the same keys whether it is the file given with <c>--config</c>
/// or the drop-in configuration a runtime passes: a mapping of the keys of
/// <see cref="SettingsTable"/>, each optional. For example:
/// <code>
/// hooksDirs: [/etc/containers/oci/hooks.d]
/// strict: true
/// bindMounts: any
/// metricsAddress: 127.0.0.1:9464
/// </code>
/// It is read with the YAML front-end rules and manifests share, and its limits (nesting, aliases); unknown keys, duplicate
/// keys and wrong values are errors naming line, column and key, with a suggestion for a misspelt
/// key, so a typo never passes silently.
/// </summary>
internal static class SettingsFile
{
    /// <summary>A configuration is a few hundred bytes; this is the cap rule files have too.</summary>
    public const int MaxBytes = Rules.Yaml.Files.SourceDirectoryReader.MaxFileBytes;

    /// <summary>The settings the text gives, in the order of the table.</summary>
    /// <param name="source">What the text is named in errors: the file's path, or the runtime's configuration.</param>
    /// <exception cref="SettingsException">The text is not a valid configuration; every mistake is listed.</exception>
    public static IReadOnlyList<SettingAssignment> Read(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (System.Text.Encoding.UTF8.GetByteCount(text) > MaxBytes)
        {
            throw new SettingsException(source, [new SettingsProblem(null, $"the configuration is larger than the limit of {MaxBytes} bytes")]);
        }
        YamlTreeNode? root;
        try
        {
            root = SingleDocument(YamlTreeReader.Read(text));
        }
        catch (YamlSyntaxException e)
        {
            throw new SettingsException(source, [new SettingsProblem(e.Position, e.Message)]);
        }
        if (root is null)
        {
            return [];
        }

        var reader = new NodeReader();
        var assignments = new List<SettingAssignment>();
        if (root is not MappingNode)
        {
            reader.Fail(root, "", $"the configuration must be a mapping of settings, got {root.Description}");
        }
        else if (reader.Fields(root, "", SettingsTable.FileKeys) is { } fields)
        {
            foreach (var setting in SettingsTable.All.Where(setting => setting.InFile))
            {
                if (fields.Optional(setting.Key) is { } value && setting.FromYaml(value, reader) is { } assignment)
                {
                    assignments.Add(assignment);
                }
            }
        }
        if (reader.Errors.Count > 0)
        {
            throw new SettingsException(source, [.. reader.Errors.OrderBy(error => error.Position.Line).ThenBy(error => error.Position.Column)
                .Select(error => new SettingsProblem(error.Position, error.Message))]);
        }
        return assignments;
    }

    /// <summary>The text of the configuration file at <paramref name="path"/>.</summary>
    /// <exception cref="SettingsException">The file cannot be read: missing, too large, not a regular file, ...</exception>
    public static string ReadText(string path)
    {
        // Through SafeFile, like every file the plugin reads: a FIFO or device given by mistake is an error, not a hang.
        try
        {
            var bytes = SafeFile.ReadAllBytes(path, MaxBytes);
            using var reader = new StreamReader(new MemoryStream(bytes), detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            throw new SettingsException(path, [new SettingsProblem(null, "cannot read the configuration file: no such file")]);
        }
        catch (UnreadableFileException e) when (e.Reason == UnreadableFileReason.TooLarge)
        {
            throw new SettingsException(path, [new SettingsProblem(null, $"the configuration file is larger than the limit of {MaxBytes} bytes")]);
        }
        catch (UnreadableFileException e)
        {
            throw new SettingsException(path, [new SettingsProblem(null, $"cannot read the configuration file: {e.Detail}")]);
        }
    }

    private static YamlTreeNode? SingleDocument(IReadOnlyList<YamlTreeNode?> documents)
    {
        if (documents.Skip(1).FirstOrDefault(document => document is not null) is { } second)
        {
            throw new YamlSyntaxException(second.Position, "a configuration is one YAML document, this is a second one");
        }
        return documents.Count > 0 ? documents[0] : null;
    }
}
