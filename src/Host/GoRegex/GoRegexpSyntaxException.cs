namespace HookInjector.Host.GoRegex;

/// <summary>
/// A pattern that Go's regexp.Compile rejects. The message is byte-for-byte Go's
/// <c>error parsing regexp: &lt;code&gt;: `&lt;expr&gt;`</c>, so validation errors read the same as
/// the Go hook manager's.
/// </summary>
internal sealed class GoRegexpSyntaxException : Exception
{
    public GoRegexpSyntaxException(string code, string expression, Exception? innerException = null)
        : base(FormatMessage(code, expression), innerException)
    {
        Code = code;
        Expression = expression;
    }

    /// <summary>One of the <see cref="GoRegexpErrorCode"/> texts.</summary>
    public string Code { get; }

    /// <summary>The offending part of the pattern, as Go reports it.</summary>
    public string Expression { get; }

    private static string FormatMessage(string code, string expression) =>
        $"error parsing regexp: {code}: `{expression}`";
}
