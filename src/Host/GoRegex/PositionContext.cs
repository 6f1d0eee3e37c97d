namespace HookInjector.Host.GoRegex;

/// <summary>
/// What the engines remember of the text already read: all that Go's assertions need from the
/// left side of a position. Together with the next code point it gives the <see cref="EmptyWidth"/>
/// conditions of the position.
/// </summary>
[Flags]
internal enum PositionContext : byte
{
    None = 0,

    /// <summary>Nothing read yet.</summary>
    AtStart = 1,

    /// <summary>The previous code point is <c>\n</c>.</summary>
    AfterNewline = 2,

    /// <summary>The previous code point is an ASCII word character <c>[0-9A-Za-z_]</c>.</summary>
    AfterWord = 4,
}

/// <summary>How Go derives assertions from the code points around a position.</summary>
internal static class PositionContexts
{
    /// <summary>Stands for "no next code point" at the end of the input.</summary>
    public const int EndOfText = -1;

    /// <summary>The conditions between the code points described by <paramref name="context"/> and <paramref name="next"/>.</summary>
    public static EmptyWidth ConditionsBefore(PositionContext context, int next)
    {
        var conditions = EmptyWidth.None;
        if ((context & PositionContext.AtStart) != 0)
        {
            conditions |= EmptyWidth.BeginText | EmptyWidth.BeginLine;
        }
        if ((context & PositionContext.AfterNewline) != 0)
        {
            conditions |= EmptyWidth.BeginLine;
        }
        if (next == EndOfText)
        {
            conditions |= EmptyWidth.EndText | EmptyWidth.EndLine;
        }
        else if (next == '\n')
        {
            conditions |= EmptyWidth.EndLine;
        }
        // Go's \b is ASCII-only: a non-ASCII letter is not a word character.
        var boundary = ((context & PositionContext.AfterWord) != 0) != IsWordChar(next);
        return conditions | (boundary ? EmptyWidth.WordBoundary : EmptyWidth.NoWordBoundary);
    }

    /// <summary>The context after reading <paramref name="codePoint"/>.</summary>
    public static PositionContext After(int codePoint) =>
        codePoint == '\n' ? PositionContext.AfterNewline
        : IsWordChar(codePoint) ? PositionContext.AfterWord
        : PositionContext.None;

    public static bool IsWordChar(int codePoint) =>
        codePoint is (>= '0' and <= '9') or (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or '_';
}
