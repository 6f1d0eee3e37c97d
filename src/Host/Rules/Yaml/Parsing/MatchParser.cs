using System.Collections.Immutable;
using HookInjector.Host.Rules.Yaml.Matching;
using HookInjector.Host.Yaml;

namespace HookInjector.Host.Rules.Yaml.Parsing;

/// <summary>
/// Reads a rule's <c>match</c> into conditions. They come out cheapest first — plain name lookups,
/// then the label selector, then annotations — which is also the order <c>explain</c> shows.
/// </summary>
internal static class MatchParser
{
    private static readonly string[] MatchKeys = ["podSelector", "namespaces", "containers", "runtimeHandlers", "annotations"];

    public static ImmutableArray<RuleCondition> Parse(YamlTreeNode node, string path, NodeReader reader)
    {
        if (reader.Fields(node, path, MatchKeys) is not { } fields)
        {
            return [];
        }
        var conditions = ImmutableArray.CreateBuilder<RuleCondition>();
        AddNames(fields, "namespaces", NameCondition.ForNamespaces, reader, conditions);
        AddNames(fields, "containers", NameCondition.ForContainers, reader, conditions);
        AddNames(fields, "runtimeHandlers", NameCondition.ForRuntimeHandlers, reader, conditions);
        if (fields.Optional("podSelector") is { } selector
            && SelectorParser.Parse(selector, FieldPath.Child(path, "podSelector"), reader) is { } podSelector)
        {
            conditions.Add(podSelector);
        }
        if (fields.Optional("annotations") is { } annotations
            && ReadAnnotations(annotations, FieldPath.Child(path, "annotations"), reader) is { } annotationCondition)
        {
            conditions.Add(annotationCondition);
        }
        return conditions.ToImmutable();
    }

    private static void AddNames(Fields fields, string key, Func<NamePatternSet, NameCondition> create, NodeReader reader, ImmutableArray<RuleCondition>.Builder conditions)
    {
        if (fields.Optional(key) is not { } node)
        {
            return;
        }
        var path = fields.PathOf(key);
        if (reader.Strings(node, path) is not { } strings)
        {
            return;
        }
        if (node is SequenceNode { Items.IsEmpty: true })
        {
            // An empty list would match nothing, which is never what a rule author means.
            reader.Fail(node, path, "must list at least one name; leave the key out to match any");
            return;
        }
        var globs = strings.Select(entry => CompileGlob(entry.Text, entry.Node, entry.Path, reader)).OfType<Glob>();
        conditions.Add(create(new NamePatternSet(globs)));
    }

    private static AnnotationCondition? ReadAnnotations(YamlTreeNode node, string path, NodeReader reader)
    {
        if (reader.Mapping(node, path) is not { } mapping)
        {
            return null;
        }
        var requirements = ImmutableArray.CreateBuilder<AnnotationRequirement>();
        foreach (var (key, value) in reader.Entries(mapping, path))
        {
            var entryPath = FieldPath.Child(path, key.Text);
            if (KubernetesNames.CheckQualifiedName(key.Text) is { } reason)
            {
                reader.Fail(key, entryPath, $"invalid annotation key: {reason}");
            }
            if (reader.String(value, entryPath) is { } text && CompileGlob(text, value, entryPath, reader) is { } glob)
            {
                requirements.Add(new AnnotationRequirement(key.Text, glob));
            }
        }
        return new AnnotationCondition(requirements.ToImmutable());
    }

    private static Glob? CompileGlob(string pattern, YamlTreeNode at, string path, NodeReader reader)
    {
        try
        {
            return Glob.Parse(pattern);
        }
        catch (FormatException error)
        {
            reader.Fail(at, path, $"invalid glob \"{pattern}\": {error.Message}");
            return null;
        }
    }
}
