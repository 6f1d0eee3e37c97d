using System.Text.Json.Nodes;
using Google.Protobuf;
using HookInjector.Host.Tools.Output;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Logging;

/// <summary>
/// With --verbose, logs NRI objects as YAML, one log line per YAML line, the way operators know
/// from the Go hook-injector. The caller asks only when the settings in force say verbose.
/// </summary>
internal sealed partial class VerboseDump
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));
    private readonly ILogger logger;

    public VerboseDump(ILogger logger) => this.logger = logger;

    public void Write(string prefix, string tag, IMessage message)
    {
        LogHeader(prefix, tag);
        foreach (var line in ToYaml(message).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            LogLine(prefix, line);
        }
    }

    /// <summary>Protobuf's canonical JSON mapping, written as YAML by the same writer as explain's output.</summary>
    internal static string ToYaml(IMessage message)
    {
        using var yaml = new StringWriter();
        YamlOutput.Write(yaml, JsonNode.Parse(Json.Format(message)) ?? new JsonObject());
        return yaml.ToString().TrimEnd();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Prefix}: {Tag}:")]
    private partial void LogHeader(string prefix, string tag);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Prefix}:    {Line}")]
    private partial void LogLine(string prefix, string line);
}
