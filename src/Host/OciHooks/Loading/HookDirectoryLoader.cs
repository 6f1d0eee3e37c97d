using System.Collections.Immutable;
using HookInjector.Host.OciHooks.Formats;
using HookInjector.Host.OciHooks.Validation;
using HookInjector.Host.Platform;

namespace HookInjector.Host.OciHooks.Loading;

/// <summary>
/// Reads hooks directories the way Go's manager does: directories in the given order, a later
/// directory's file replacing an earlier one of the same (case-sensitive) name; in each directory
/// only names ending in <c>.json</c> (case-sensitive), in name order, no recursion. A missing
/// directory is skipped. An invalid file is reported and left out; a valid namesake from an earlier
/// directory then stays in effect, as in Go. Unlike Go's start-up, reading goes on after errors:
/// whether errors are fatal is the caller's choice (<see cref="HookLoadResult.StartupFailure"/>).
/// <para>
/// Unlike Go, each file is also judged by <see cref="FileTrust"/> (each directory's chain once per
/// load, then the file itself): a file others than root can change is loaded with a warning, as
/// CRI-O would read it, or refused when <c>refuseUntrusted</c> (--strict).
/// </para>
/// </summary>
internal static class HookDirectoryLoader
{
    /// <param name="hostRoot">Where the node's root is mounted, when hook binaries are to be checked under it (<see cref="OciHooksOptions.HostRoot"/>).</param>
    /// <param name="refuseUntrusted">Leave out, as an error, a file <see cref="FileTrust"/> refuses, instead of loading it with a warning.</param>
    /// <param name="cancellationToken">Checked between files: a stopping host does not wait for a whole directory.</param>
    public static HookLoadResult Load(IReadOnlyList<string> directories, int maxFileBytes, string? hostRoot = null, bool refuseUntrusted = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directories);
        var hooks = new Dictionary<string, HookDefinition>(StringComparer.Ordinal);
        var errors = ImmutableArray.CreateBuilder<HookLoadError>();
        var warnings = ImmutableArray.CreateBuilder<HookLoadError>();
        HookLoadError? startupFailure = null;
        var patterns = new HookPatternCache();
        var trust = new UntrustedHookFiles(new FileTrust(), refuseUntrusted, warnings);

        foreach (var directory in directories)
        {
            var directoryErrors = LoadDirectory(directory, maxFileBytes, hostRoot, hooks, patterns, trust, cancellationToken);
            errors.AddRange(directoryErrors);
            startupFailure ??= GoStartupFailure(directory, directoryErrors);
        }
        return new HookLoadResult([.. hooks.Values], errors.ToImmutable(), startupFailure) { Warnings = warnings.ToImmutable() };
    }

    private static List<HookLoadError> LoadDirectory(
        string directory, int maxFileBytes, string? hostRoot, Dictionary<string, HookDefinition> hooks, HookPatternCache patterns, UntrustedHookFiles trust, CancellationToken cancellationToken)
    {
        var errors = new List<HookLoadError>();
        if (!TryListHookFiles(directory, out var fileNames, out var listError))
        {
            if (listError is not null)
            {
                errors.Add(listError);
            }
            return errors;
        }

        foreach (var fileName in fileNames)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Path.Join(directory, fileName);
            var content = HookFileReader.Read(path, maxFileBytes);
            if (content.Vanished)
            {
                continue;
            }
            if (content.Error is not null)
            {
                errors.Add(content.Error);
                continue;
            }
            if (trust.Refuses(path) is { } refusal)
            {
                errors.Add(refusal);
                continue;
            }
            try
            {
                var document = HookFileParser.Parse(path, content.Bytes);
                hooks[fileName] = HookValidator.Validate(fileName, path, document, patterns, hostRoot);
            }
            catch (HookFormatException e)
            {
                errors.Add(new HookLoadError(path, e.Field, e.Message, HookLoadErrorKind.Format));
            }
            catch (HookValidationException e)
            {
                var kind = e.IsMissingHookPath ? HookLoadErrorKind.MissingHookPath : HookLoadErrorKind.Validation;
                errors.Add(new HookLoadError(path, e.Field, e.Message, kind));
            }
        }
        return errors;
    }

    /// <summary>The trust checks of one load, and what they found.</summary>
    private sealed class UntrustedHookFiles(FileTrust trust, bool refuse, ImmutableArray<HookLoadError>.Builder warnings)
    {
        /// <summary>The error that leaves the file out, or null to load it (recording a warning when it is untrusted).</summary>
        public HookLoadError? Refuses(string path)
        {
            if (trust.CheckFile(path) is not { } reason)
            {
                return null;
            }
            if (refuse)
            {
                return new HookLoadError(path, null, $"not loaded (--strict): {reason}; {FileTrust.Rule}", HookLoadErrorKind.Untrusted);
            }
            warnings.Add(new HookLoadError(path, null, $"{reason}; loaded as CRI-O would, refused with --strict; {FileTrust.Rule}", HookLoadErrorKind.Untrusted));
            return null;
        }
    }

    private static bool TryListHookFiles(string directory, out List<string> fileNames, out HookLoadError? error)
    {
        fileNames = [];
        error = null;
        if (!Directory.Exists(directory))
        {
            if (File.Exists(directory))
            {
                error = new HookLoadError(directory, null, $"readdirent {directory}: not a directory", HookLoadErrorKind.Directory);
            }
            return false;
        }

        try
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
            {
                var name = Path.GetFileName(entry);
                if (name.EndsWith(".json", StringComparison.Ordinal))
                {
                    fileNames.Add(name);
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = new HookLoadError(directory, null, $"open {directory}: {e.Message}", HookLoadErrorKind.Directory);
            return false;
        }
        fileNames.Sort(CodePointComparer.Instance);
        return true;
    }

    /// <summary>
    /// Go's start-up fails on the first directory with an error, with all of that directory's
    /// errors joined newest first, except when the directory's first failing file (by name) failed
    /// because its hook binary does not exist: Go then takes the whole error for "not exist" and
    /// ignores it.
    /// </summary>
    private static HookLoadError? GoStartupFailure(string directory, List<HookLoadError> errors)
    {
        if (errors.Count == 0 || errors[0].Kind == HookLoadErrorKind.MissingHookPath)
        {
            return null;
        }
        if (errors.Count == 1)
        {
            return errors[0];
        }
        var joined = string.Join(": ", Enumerable.Reverse(errors).Select(error => error.Message));
        return new HookLoadError(directory, null, joined, errors[0].Kind);
    }
}
