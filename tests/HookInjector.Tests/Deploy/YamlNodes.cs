using YamlDotNet.RepresentationModel;

namespace HookInjector.Tests.Deploy;

/// <summary>Navigation of parsed manifests that fails the test, naming the key, when the shape is wrong.</summary>
internal static class YamlNodes
{
    public static YamlMappingNode Map(this YamlMappingNode node, string key) =>
        Assert.IsType<YamlMappingNode>(node.Child(key));

    public static IReadOnlyList<YamlMappingNode> Maps(this YamlMappingNode node, string key) =>
        [.. Assert.IsType<YamlSequenceNode>(node.Child(key)).Children.Select(Assert.IsType<YamlMappingNode>)];

    public static IReadOnlyList<YamlMappingNode> MapsOrEmpty(this YamlMappingNode node, string key) =>
        node.Children.ContainsKey(key) ? node.Maps(key) : [];

    public static IReadOnlyList<string> Strings(this YamlMappingNode node, string key) =>
        [.. Assert.IsType<YamlSequenceNode>(node.Child(key)).Children.Select(item => Assert.IsType<YamlScalarNode>(item).Value ?? "")];

    public static IReadOnlyList<string> StringsOrEmpty(this YamlMappingNode node, string key) =>
        node.Children.ContainsKey(key) ? node.Strings(key) : [];

    public static string String(this YamlMappingNode node, string key) =>
        Assert.IsType<YamlScalarNode>(node.Child(key)).Value ?? "";

    public static string? StringOrNull(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) ? Assert.IsType<YamlScalarNode>(value).Value : null;

    public static bool Has(this YamlMappingNode node, string key) => node.Children.ContainsKey(key);

    private static YamlNode Child(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value)
            ? value
            : throw new Xunit.Sdk.XunitException($"no key \"{key}\" at line {node.Start.Line} (keys: {string.Join(", ", node.Children.Keys)})");
}
