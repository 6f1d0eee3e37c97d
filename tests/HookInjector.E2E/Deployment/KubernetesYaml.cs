using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace HookInjector.E2E.Deployment;

/// <summary>
/// Kubernetes objects from the YAML that <c>kubectl kustomize</c> prints, as JSON nodes to walk.
/// Scalars stay strings, as YAML wrote them: readers parse numbers where a field is one.
/// </summary>
public static class KubernetesYaml
{
    public static IReadOnlyList<JsonObject> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(document => ToJson(document.RootNode)).OfType<JsonObject>().ToList();
    }

    /// <summary>The one object of <paramref name="kind"/> named <paramref name="name"/>.</summary>
    public static JsonObject Find(IEnumerable<JsonObject> objects, string kind, string name) =>
        objects.SingleOrDefault(o => Text(o["kind"]) == kind && Text(o["metadata"]?["name"]) == name)
            ?? throw new InvalidDataException($"the rendered manifests hold no {kind} named {name}");

    /// <summary>A scalar as text, or null when absent.</summary>
    public static string? Text(JsonNode? node) => node?.GetValue<string>();

    public static int Number(JsonNode? node, string field, int fallback)
    {
        var text = Text(node);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"{field} is \"{text}\", not a whole number");
    }

    public static bool Flag(JsonNode? node, string field, bool fallback) => Text(node) switch
    {
        null => fallback,
        "true" => true,
        "false" => false,
        var other => throw new InvalidDataException($"{field} is \"{other}\", not true or false"),
    };

    /// <summary>The items of a list field, none when absent.</summary>
    public static IEnumerable<JsonObject> Items(JsonNode? node) => node is JsonArray array ? array.OfType<JsonObject>() : [];

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(
            child => KeyValuePair.Create(((YamlScalarNode)child.Key).Value ?? string.Empty, ToJson(child.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Value: "null", Style: YamlDotNet.Core.ScalarStyle.Plain } => null,
        YamlScalarNode scalar => scalar.Value is null ? null : JsonValue.Create(scalar.Value),
        _ => throw new InvalidDataException($"unexpected YAML node {node.NodeType} at {node.Start}"),
    };
}
