namespace HookInjector.Host.GoRegex;

/// <summary>A pattern Go's regexp package would reject; the message follows Go's wording.</summary>
internal sealed class GoRegexpSyntaxException : Exception
{
    public GoRegexpSyntaxException()
    {
    }

    public GoRegexpSyntaxException(string message)
        : base(message)
    {
    }

    public GoRegexpSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
