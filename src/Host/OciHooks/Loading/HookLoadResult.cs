using System.Collections.Immutable;

namespace HookInjector.Host.OciHooks.Loading;

/// <summary>
/// The outcome of reading all hooks directories: the hooks that won (one per file name), every
/// error in directory then file-name order, and <see cref="StartupFailure"/>: the error with which
/// Go's manager would refuse to start, if any.
/// </summary>
internal sealed record HookLoadResult(ImmutableArray<HookDefinition> Hooks, ImmutableArray<HookLoadError> Errors, HookLoadError? StartupFailure)
{
    /// <summary>Files loaded all the same, with something to tell: others than root can change them (refused with --strict instead).</summary>
    public ImmutableArray<HookLoadError> Warnings { get; init; } = [];

    /// <summary>How many files this load found untrusted, refused or only warned about.</summary>
    public int UntrustedFiles => Errors.Count(error => error.Kind == HookLoadErrorKind.Untrusted) + Warnings.Count(warning => warning.Kind == HookLoadErrorKind.Untrusted);
}
