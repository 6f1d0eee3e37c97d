using HookInjector.Host.Logging;
using HookInjector.Host.Metrics.Endpoint;
using HookInjector.Host.OciHooks.Selection;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HookInjector.Host.Configuration;

/// <summary>
/// The configuration a runtime passes to a pre-installed plugin (the content of its drop-in file,
/// e.g. /etc/nri/conf.d/10-hook-injector.conf). A pre-installed plugin gets no arguments, so this
/// is where its settings live. YAML, for example:
/// <code>
/// hooksDirs: [/etc/containers/oci/hooks.d]
/// strict: false
/// disableWatch: false
/// bindMounts: requested   # or: any
/// logFormat: text          # or: json
/// metricsAddress: 127.0.0.1:9464
/// hostRoot: /host
/// verbose: false
/// logFile: /var/log/nri-hook-injector.log
/// rulesDir: /etc/hook-injector/rules.d
/// scriptCacheDir: /var/cache/hook-injector/scripts
/// extensionsDir: /etc/hook-injector/extensions
/// </code>
/// Unknown keys and wrong types are errors naming line and column, so a typo never passes silently.
/// </summary>
internal static class DropInConfiguration
{
    public static PluginSettings Apply(string text, PluginSettings settings)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new FormatException($"line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return settings;
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw Error(stream.Documents[0].RootNode, "the configuration must be a mapping of settings");
        }

        foreach (var (keyNode, value) in root.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value;
            settings = key switch
            {
                "hooksDirs" => settings with { HooksDirs = StringList(value, key) },
                "logFormat" => settings with { LogFormat = LogFormat(value, key) },
                "metricsAddress" => settings with { MetricsAddress = MetricsAddress(value, key) },
                "hostRoot" => settings with { HostRoot = AbsolutePath(value, key) },
                "strict" => settings with { Strict = Bool(value, key) },
                "disableWatch" => settings with { DisableWatch = Bool(value, key) },
                "verbose" => settings with { Verbose = Bool(value, key) },
                "logFile" => settings with { LogFile = String(value, key) },
                "bindMounts" => settings with { BindMounts = BindMounts(value, key) },
                "rulesDir" => settings with { RulesDir = String(value, key) },
                "scriptCacheDir" => settings with { ScriptCacheDir = String(value, key) },
                "extensionsDir" => settings with { ExtensionsDir = String(value, key) },
                "workerPath" => settings with { WorkerPath = AbsolutePath(value, key) },
                _ => throw Error(keyNode, $"unknown setting \"{key}\" (known: hooksDirs, strict, disableWatch, bindMounts, verbose, logFile, logFormat, metricsAddress, hostRoot, rulesDir, scriptCacheDir, extensionsDir, workerPath)"),
            };
        }
        return settings;
    }

    private static List<string> StringList(YamlNode node, string key) => node is YamlSequenceNode sequence
        ? sequence.Children.Select(item => String(item, key)).ToList()
        : throw Error(node, $"\"{key}\" must be a list of strings");

    private static string String(YamlNode node, string key) => node is YamlScalarNode { Value: { Length: > 0 } value }
        ? value
        : throw Error(node, $"\"{key}\" must be a non-empty string");

    private static bool Bool(YamlNode node, string key) => node is YamlScalarNode { Value: "true" or "false" } scalar
        ? scalar.Value == "true"
        : throw Error(node, $"\"{key}\" must be true or false");

    private static BindMountMode BindMounts(YamlNode node, string key) => (node as YamlScalarNode)?.Value switch
    {
        "requested" => BindMountMode.Requested,
        "any" => BindMountMode.AnyMount,
        _ => throw Error(node, $"\"{key}\" must be \"requested\" or \"any\""),
    };

    private static LogFormat LogFormat(YamlNode node, string key) => (node as YamlScalarNode)?.Value switch
    {
        "text" => Logging.LogFormat.Text,
        "json" => Logging.LogFormat.Json,
        _ => throw Error(node, $"\"{key}\" must be \"text\" or \"json\""),
    };

    private static MetricsAddress MetricsAddress(YamlNode node, string key) =>
        Metrics.Endpoint.MetricsAddress.TryParse(String(node, key), out var address, out var error)
            ? address!
            : throw Error(node, $"\"{key}\": {error}");

    private static string AbsolutePath(YamlNode node, string key) => String(node, key) is ['/', ..] path
        ? path
        : throw Error(node, $"\"{key}\" must be an absolute path");

    private static FormatException Error(YamlNode node, string message) =>
        new($"line {node.Start.Line}, column {node.Start.Column}: {message}");
}
