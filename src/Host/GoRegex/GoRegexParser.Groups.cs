namespace HookInjector.Host.GoRegex;

/// <summary>Groups, alternation and inline flags.</summary>
internal sealed partial class GoRegexParser
{
    private void OpenGroup(bool capturing, GoParseFlags flagsToRestore)
    {
        enclosing.Push(current);
        current = new GroupFrame(flagsToRestore, capturing);
    }

    private void EndAlternative()
    {
        current.Alternatives.Add(BuildConcat(current.Items));
        current.Items.Clear();
    }

    private void CloseGroup()
    {
        var content = FinishGroupContent(current);
        if (enclosing.Count == 0)
        {
            throw Error(GoRegexpErrorCode.UnexpectedParen, pattern);
        }

        var closed = current;
        current = enclosing.Pop();

        // Flags set inside a group, even after a '|', end with the group.
        this.flags = closed.FlagsToRestore;
        Push(closed.Capturing ? new CaptureNode(content) : content, 0);
    }

    private GoRegexNode FinishGroupContent(GroupFrame frame)
    {
        var last = BuildConcat(frame.Items);
        if (frame.Alternatives.Count == 0)
        {
            return last;
        }

        var alternation = new AlternateNode([.. Flatten<AlternateNode>([.. frame.Alternatives, last], static a => a.Alternatives)]);
        CheckLimits(alternation);
        return alternation;
    }

    private GoRegexNode BuildConcat(List<GoRegexNode> items)
    {
        if (items.Count <= 1)
        {
            return items.Count == 0 ? EmptyNode.Instance : items[0];
        }

        var concat = new ConcatNode([.. Flatten<ConcatNode>(items, static c => c.Items)]);
        CheckLimits(concat);
        return concat;
    }

    /// <summary>Like Go, splices nested concatenations (or alternations) into their parent, which keeps the tree shallow.</summary>
    private static IEnumerable<GoRegexNode> Flatten<TNode>(IEnumerable<GoRegexNode> nodes, Func<TNode, IEnumerable<GoRegexNode>> children)
        where TNode : GoRegexNode =>
        nodes.SelectMany(node => node is TNode nested ? children(nested) : [node]);

    /// <summary>Parses what follows <c>(?</c>: a named group, or flags with an optional <c>:</c> group.</summary>
    private void ParseGroupOrFlags()
    {
        var start = this.position;
        var remaining = pattern.Length - start;

        // (?P<name>expr) and, since Go 1.22, (?<name>expr). Note that Go 1.22+ therefore reports a
        // lookbehind "(?<=" or "(?<!" as an invalid named capture, not as unsupported Perl syntax.
        var pythonStyle = remaining > 4 && pattern[start + 2] == 'P' && pattern[start + 3] == '<';
        var perlStyle = remaining > 3 && pattern[start + 2] == '<';
        if (pythonStyle || perlStyle)
        {
            ParseNamedGroup(start, nameStart: start + (pythonStyle ? 4 : 3));
            return;
        }

        var flags = this.flags;
        var negate = false;
        var sawFlag = false;
        var position = start + 2;
        while (position < pattern.Length)
        {
            var c = ReadCodePoint(ref position);
            switch (c)
            {
                case 'i':
                    flags = SetFlag(flags, GoParseFlags.CaseInsensitive, !negate);
                    sawFlag = true;
                    continue;
                case 'm':
                    flags = SetFlag(flags, GoParseFlags.MultiLine, !negate);
                    sawFlag = true;
                    continue;
                case 's':
                    flags = SetFlag(flags, GoParseFlags.DotMatchesNewline, !negate);
                    sawFlag = true;
                    continue;
                case 'U':
                    flags = SetFlag(flags, GoParseFlags.Ungreedy, !negate);
                    sawFlag = true;
                    continue;
                case '-' when !negate:
                    negate = true;
                    sawFlag = false;
                    continue;
                case ':' or ')' when !negate || sawFlag:
                    if (c == ':')
                    {
                        OpenGroup(capturing: false, this.flags);
                    }

                    this.flags = flags;
                    this.position = position;
                    return;
            }

            break;
        }

        throw Error(GoRegexpErrorCode.InvalidPerlOp, Slice(start, position));
    }

    private void ParseNamedGroup(int start, int nameStart)
    {
        var close = pattern.IndexOf('>', start);
        if (close < 0)
        {
            CheckUtf16(start, pattern.Length);
            throw Error(GoRegexpErrorCode.InvalidNamedCapture, pattern[start..]);
        }

        CheckUtf16(nameStart, close);
        var name = Slice(nameStart, close);
        if (name.Length == 0 || !name.All(static c => c == '_' || char.IsAsciiLetterOrDigit(c)))
        {
            throw Error(GoRegexpErrorCode.InvalidNamedCapture, Slice(start, close + 1));
        }

        OpenGroup(capturing: true, this.flags);
        this.position = close + 1;
    }

    private static GoParseFlags SetFlag(GoParseFlags flags, GoParseFlags flag, bool on) =>
        on ? flags | flag : flags & ~flag;

    private sealed class GroupFrame(GoParseFlags flagsToRestore, bool capturing)
    {
        public GoParseFlags FlagsToRestore { get; } = flagsToRestore;

        public bool Capturing { get; } = capturing;

        public List<GoRegexNode> Alternatives { get; } = [];

        public List<GoRegexNode> Items { get; } = [];
    }
}
