namespace HookInjector.Host.GoRegex;

/// <summary>
/// The zero-width conditions that hold at one position of the input, as Go's <c>syntax.EmptyOp</c>:
/// an assertion instruction lets a thread through when its condition is among them.
/// </summary>
[Flags]
internal enum EmptyWidth
{
    None = 0,
    BeginText = 1,
    EndText = 2,
    BeginLine = 4,
    EndLine = 8,
    WordBoundary = 16,
    NoWordBoundary = 32,
}
