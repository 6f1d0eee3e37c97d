using System.Diagnostics.CodeAnalysis;

namespace HookInjector.Host.Configuration;

/// <summary>
/// How a setting's value is written, and how it is read: the same parse for a command-line argument
/// and for a configuration file's scalar, so a value means one thing wherever it is given.
/// </summary>
/// <param name="HelpName">The placeholder of the value in help and documentation (<c>PATH</c>, <c>text|json</c>).</param>
/// <param name="Expected">What the value must be, completing "expected ..." in an error.</param>
/// <param name="TryParse">Null for a valid text, else the reason it is not valid.</param>
/// <param name="Format">The value as it is written, for the documented defaults.</param>
internal sealed record SettingValueSyntax<T>(string HelpName, string Expected, SettingValueParser<T> TryParse, Func<T, string> Format);

/// <summary>Reads <paramref name="text"/>: null and a value, or the reason the text is not one.</summary>
internal delegate string? SettingValueParser<T>(string text, [MaybeNull] out T value);
