namespace HookInjector.Host.GoRegex;

/// <summary>Bracket classes and the class escapes <c>\d \s \w \p</c>.</summary>
internal sealed partial class GoRegexParser
{
    /// <summary>
    /// A bracket expression. Go's rules differ from .NET's: <c>]</c> right after <c>[</c> or <c>[^</c> is a
    /// literal, <c>-</c> is literal where it cannot form a range, <c>[a-z-[aeiou]]</c> is not a
    /// subtraction, <c>[[:alpha:]]</c> is an ASCII POSIX class, and <c>[^...]</c> matches newlines.
    /// </summary>
    private void ParseClass()
    {
        var classStart = this.position;
        var position = classStart + 1;
        var negated = At(position) == '^';
        if (negated)
        {
            position++;
        }

        var ranges = new List<CodePointRange>();
        for (var first = true; position >= this.pattern.Length || this.pattern[position] != ']' || first; first = false)
        {
            if (TryParsePosixClass(ref position, out var posixClass)
                || TryParseUnicodeClass(ref position, out posixClass)
                || TryParsePerlClass(ref position, out posixClass))
            {
                ranges.AddRange(posixClass.Ranges);
                continue;
            }

            var rangeStart = position;
            var low = ParseClassChar(ref position, classStart);
            var high = low;
            if (this.pattern.Length - position >= 2 && this.pattern[position] == '-' && this.pattern[position + 1] != ']')
            {
                position++;
                high = ParseClassChar(ref position, classStart);
                if (high < low)
                {
                    throw Error(GoRegexpErrorCode.InvalidCharRange, Slice(rangeStart, position));
                }
            }

            ranges.AddRange(FoldIfCaseInsensitive(CodePointSet.FromRanges([new CodePointRange(low, high)])).Ranges);
        }

        var set = CodePointSet.FromRanges(ranges);
        PushClass(negated ? set.Negate() : set);
        this.position = position + 1;
    }

    private int ParseClassChar(ref int position, int classStart)
    {
        if (position >= this.pattern.Length)
        {
            throw Error(GoRegexpErrorCode.MissingBracket, this.pattern[classStart..]);
        }

        return this.pattern[position] == '\\' ? ParseEscape(ref position) : ReadCodePoint(ref position);
    }

    /// <summary><c>[:name:]</c> or <c>[:^name:]</c>. Like Go, the closing <c>:]</c> is searched for in the rest of the whole pattern.</summary>
    private bool TryParsePosixClass(ref int position, out CodePointSet set)
    {
        set = CodePointSet.Empty;
        if (this.pattern.Length - position <= 2 || this.pattern[position] != '[' || this.pattern[position + 1] != ':')
        {
            return false;
        }

        var close = this.pattern.IndexOf(":]", position + 2, StringComparison.Ordinal);
        if (close < 0)
        {
            return false;
        }

        var name = Slice(position, close + 2);
        if (!GoCharGroups.TryGetPosixClass(name, out var group, out var negated))
        {
            throw Error(GoRegexpErrorCode.InvalidCharRange, name);
        }

        set = ApplyGroupModifiers(group, negated);
        position = close + 2;
        return true;
    }

    private bool TryParsePerlClass(ref int position, out CodePointSet set)
    {
        set = CodePointSet.Empty;
        if (At(position) != '\\' || At(position + 1) is not { } letter
            || !GoCharGroups.TryGetPerlClass(letter, out var group, out var negated))
        {
            return false;
        }

        set = ApplyGroupModifiers(group, negated);
        position += 2;
        return true;
    }

    private bool TryParseUnicodeClass(ref int position, out CodePointSet set)
    {
        var isUnicodeClass = At(position) == '\\' && At(position + 1) is 'p' or 'P';
        set = isUnicodeClass ? ParseUnicodeClass(ref position) : CodePointSet.Empty;
        return isUnicodeClass;
    }

    /// <summary>
    /// <c>\pL</c>, <c>\p{Greek}</c>, <c>\p{^Greek}</c>, <c>\PL</c> at <paramref name="position"/> (the backslash).
    /// </summary>
    private CodePointSet ParseUnicodeClass(ref int position)
    {
        var start = position;
        var negated = this.pattern[start + 1] == 'P';
        var end = start + 2;
        string name;
        if (end >= this.pattern.Length)
        {
            name = string.Empty;
        }
        else if (ReadCodePoint(ref end) != '{')
        {
            name = Slice(start + 2, end);
        }
        else
        {
            var close = this.pattern.IndexOf('}', start);
            if (close < 0)
            {
                CheckUtf16(start, this.pattern.Length);
                throw Error(GoRegexpErrorCode.InvalidCharRange, this.pattern[start..]);
            }

            CheckUtf16(start + 3, close);
            name = Slice(start + 3, close);
            end = close + 1;
        }

        if (name.StartsWith('^'))
        {
            negated = !negated;
            name = name[1..];
        }

        var table = GoUnicodeTables.Find(name) ?? throw Error(GoRegexpErrorCode.InvalidCharRange, Slice(start, end));
        position = end;
        return ApplyGroupModifiers(table, negated);
    }

    /// <summary>As in Go, a named group is case-folded first and negated afterwards.</summary>
    private CodePointSet ApplyGroupModifiers(CodePointSet group, bool negated)
    {
        var folded = FoldIfCaseInsensitive(group);
        return negated ? folded.Negate() : folded;
    }

    private CodePointSet FoldIfCaseInsensitive(CodePointSet set) =>
        HasFlag(GoParseFlags.CaseInsensitive) ? set.WithCaseFolding() : set;
}
