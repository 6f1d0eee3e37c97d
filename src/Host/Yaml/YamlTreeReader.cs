using System.Collections.Immutable;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace HookInjector.Host.Yaml;

/// <summary>
/// Turns YAML text into one tree per document from the parser's events. Iterative, with caps on
/// nesting and on alias expansion, so a hostile file costs bounded stack and time.
/// </summary>
internal static class YamlTreeReader
{
    public const int MaxDepth = 64;
    public const long MaxExpandedNodes = 1_000_000;

    private const string StandardTagPrefix = "tag:yaml.org,2002:";
    private const string StringTag = StandardTagPrefix + "str";
    private const string MappingTag = StandardTagPrefix + "map";
    private const string SequenceTag = StandardTagPrefix + "seq";

    /// <summary>The root of every document, in order; null for an empty document.</summary>
    /// <exception cref="YamlSyntaxException">The text is not YAML the plugin accepts (rules, manifests, configuration).</exception>
    public static ImmutableArray<YamlTreeNode?> Read(string text)
    {
        var parser = new Parser(new StringReader(text));
        try
        {
            return ReadDocuments(parser);
        }
        catch (YamlException error)
        {
            throw new YamlSyntaxException(PositionOf(error.Start), ReasonOf(error));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way, instead of with a syntax error, on a flow
            // collection left open at the end of the text; the last event read is the best position.
            throw new YamlSyntaxException(PositionOf(parser.Current?.End ?? Mark.Empty), "a '[' or '{' is never closed");
        }
    }

    private static ImmutableArray<YamlTreeNode?> ReadDocuments(Parser parser)
    {
        var documents = ImmutableArray.CreateBuilder<YamlTreeNode?>();
        var builder = new DocumentBuilder();
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case DocumentStart:
                    builder = new DocumentBuilder();
                    break;
                case DocumentEnd:
                    documents.Add(builder.Root);
                    break;
                case Scalar scalar:
                    builder.Add(ToNode(scalar), 1, scalar.Anchor);
                    break;
                case AnchorAlias alias:
                    builder.AddAlias(alias);
                    break;
                case SequenceStart start:
                    RejectCustomTag(start, SequenceTag);
                    builder.Open(start, isMapping: false);
                    break;
                case MappingStart start:
                    RejectCustomTag(start, MappingTag);
                    builder.Open(start, isMapping: true);
                    break;
                case SequenceEnd or MappingEnd:
                    builder.Close();
                    break;
            }
        }
        return documents.ToImmutable();
    }

    private static ScalarNode ToNode(Scalar scalar)
    {
        var position = PositionOf(scalar.Start);
        if (!scalar.Tag.IsEmpty)
        {
            if (!scalar.Tag.IsNonSpecific && scalar.Tag.Value != StringTag)
            {
                throw new YamlSyntaxException(position, $"unsupported tag {ShortTag(scalar.Tag.Value)}: only !!str is accepted");
            }
            return new ScalarNode(position, scalar.Value, ScalarKind.String);
        }
        var kind = scalar.Style == ScalarStyle.Plain ? ScalarResolver.ResolvePlain(scalar.Value) : ScalarKind.String;
        return new ScalarNode(position, scalar.Value, kind);
    }

    private static void RejectCustomTag(NodeEvent start, string standardTag)
    {
        if (!start.Tag.IsEmpty && !start.Tag.IsNonSpecific && start.Tag.Value != standardTag)
        {
            throw new YamlSyntaxException(PositionOf(start.Start), $"unsupported tag {ShortTag(start.Tag.Value)}");
        }
    }

    private static string ShortTag(string tag) =>
        tag.StartsWith(StandardTagPrefix, StringComparison.Ordinal) ? $"!!{tag[StandardTagPrefix.Length..]}" : tag;

    private static SourcePosition PositionOf(Mark mark) => new((int)mark.Line, (int)mark.Column);

    private static string ReasonOf(YamlException error)
    {
        // YamlDotNet prefixes its message with the marks, which the position already carries.
        var message = error.Message;
        var separator = message.IndexOf("): ", StringComparison.Ordinal);
        return separator >= 0 && message.StartsWith("(Line:", StringComparison.Ordinal) ? message[(separator + 3)..] : message;
    }

    private sealed class DocumentBuilder
    {
        private readonly Stack<Frame> open = new();
        private readonly Dictionary<string, (YamlTreeNode Node, long Weight)> anchors = new(StringComparer.Ordinal);

        public YamlTreeNode? Root { get; private set; }

        public void Open(NodeEvent start, bool isMapping)
        {
            var position = PositionOf(start.Start);
            if (open.Count >= MaxDepth)
            {
                throw new YamlSyntaxException(position, $"nesting deeper than {MaxDepth} levels");
            }
            open.Push(new Frame(position, isMapping, start.Anchor));
        }

        public void Close()
        {
            var frame = open.Pop();
            YamlTreeNode node = frame.IsMapping
                ? new MappingNode(frame.Position, frame.Entries.ToImmutable())
                : new SequenceNode(frame.Position, frame.Items.ToImmutable());
            Add(node, frame.Weight, frame.Anchor);
        }

        public void AddAlias(AnchorAlias alias)
        {
            // An anchor is registered only once its node is complete, so an alias can never form a cycle.
            if (!anchors.TryGetValue(alias.Value.Value, out var target))
            {
                throw new YamlSyntaxException(PositionOf(alias.Start), $"alias *{alias.Value.Value} refers to no complete anchored node before it");
            }
            Add(target.Node, target.Weight, AnchorName.Empty);
        }

        public void Add(YamlTreeNode node, long weight, AnchorName anchor)
        {
            if (!anchor.IsEmpty)
            {
                anchors[anchor.Value] = (node, weight);
            }
            if (open.Count == 0)
            {
                Root = node is ScalarNode { Kind: ScalarKind.Null } ? null : node;
                return;
            }
            open.Peek().Attach(node, weight);
        }
    }

    private sealed class Frame(SourcePosition position, bool isMapping, AnchorName anchor)
    {
        private ScalarNode? pendingKey;

        public SourcePosition Position { get; } = position;

        public bool IsMapping { get; } = isMapping;

        public AnchorName Anchor { get; } = anchor;

        public long Weight { get; private set; } = 1;

        public ImmutableArray<YamlTreeNode>.Builder Items { get; } = ImmutableArray.CreateBuilder<YamlTreeNode>();

        public ImmutableArray<MappingEntry>.Builder Entries { get; } = ImmutableArray.CreateBuilder<MappingEntry>();

        public void Attach(YamlTreeNode node, long weight)
        {
            Weight += weight;
            if (Weight > MaxExpandedNodes)
            {
                throw new YamlSyntaxException(node.Position, $"document expands to more than {MaxExpandedNodes} nodes through aliases");
            }
            if (!IsMapping)
            {
                Items.Add(node);
            }
            else if (pendingKey is null)
            {
                pendingKey = node as ScalarNode
                    ?? throw new YamlSyntaxException(node.Position, $"a mapping key must be a string, not {node.Description}");
            }
            else
            {
                Entries.Add(new MappingEntry(pendingKey, node));
                pendingKey = null;
            }
        }
    }
}
