using System.Diagnostics.CodeAnalysis;

namespace HookInjector.Host.Nri;

/// <summary>The name and two-digit index a plugin registers under; the runtime shows it as "idx-name".</summary>
internal sealed record PluginIdentity(string Name, string Index)
{
    public const string DefaultName = "hook-injector";

    public override string ToString() => $"{Index}-{Name}";

    /// <summary>
    /// Resolves the identity the way NRI's reference stub does: the runtime's environment first
    /// (a pre-installed plugin), then explicit options, then the executable's file name
    /// ("10-hook-injector" gives index 10 and name hook-injector).
    /// </summary>
    public static bool TryResolve(
        string? environmentName, string? environmentIndex,
        string? optionName, string? optionIndex,
        string executablePath,
        [NotNullWhen(true)] out PluginIdentity? identity,
        [NotNullWhen(false)] out string? error)
    {
        identity = null;
        var name = Empty(optionName) ?? Empty(environmentName);
        var index = Empty(optionIndex) ?? Empty(environmentIndex);
        var fileName = Path.GetFileName(executablePath);

        if (index is null)
        {
            var dash = fileName.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !IsValidIndex(fileName[..dash]))
            {
                error = $"no plugin index: pass --idx NN, or name the executable NN-{DefaultName} (it is \"{fileName}\")";
                return false;
            }
            index = fileName[..dash];
            name ??= fileName[(dash + 1)..];
        }

        name ??= DefaultName;
        if (!IsValidIndex(index))
        {
            error = $"invalid plugin index \"{index}\": it must be two digits 00-99";
            return false;
        }
        if (!IsValidName(name))
        {
            error = $"invalid plugin name \"{name}\": use only letters, digits and _ . + -";
            return false;
        }

        identity = new PluginIdentity(name, index);
        error = null;
        return true;
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static bool IsValidIndex(string index) => index.Length == 2 && char.IsAsciiDigit(index[0]) && char.IsAsciiDigit(index[1]);

    // Runtimes with NRI v0.12 and later refuse other characters; older ones accept anything non-empty.
    private static bool IsValidName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '+' or '-');
}
