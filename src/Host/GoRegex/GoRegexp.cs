using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace HookInjector.Host.GoRegex;

/// <summary>
/// Temporary stand-in with the public shape of the Go regexp dialect translator: it hands the
/// pattern to .NET unchanged, so dialect differences are not reproduced here.
/// </summary>
internal sealed class GoRegexp
{
    private readonly Regex regex;

    private GoRegexp(string pattern, Regex regex)
    {
        Pattern = pattern;
        this.regex = regex;
    }

    public string Pattern { get; }

    public static GoRegexp Compile(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        try
        {
            return new GoRegexp(pattern, new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking));
        }
        catch (ArgumentException e)
        {
            throw new GoRegexpSyntaxException($"error parsing regexp: {e.Message}: `{pattern}`", e);
        }
        catch (NotSupportedException e)
        {
            throw new GoRegexpSyntaxException($"error parsing regexp: {e.Message}: `{pattern}`", e);
        }
    }

    public static bool TryCompile(string pattern, [NotNullWhen(true)] out GoRegexp? regexp, [NotNullWhen(false)] out string? error)
    {
        try
        {
            regexp = Compile(pattern);
            error = null;
            return true;
        }
        catch (GoRegexpSyntaxException e)
        {
            regexp = null;
            error = e.Message;
            return false;
        }
    }

    public bool IsMatch(string input) => regex.IsMatch(input);
}
