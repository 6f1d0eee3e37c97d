using System.Collections.Immutable;
using HookInjector.Host.OciHooks.Formats;
using HookInjector.Host.OciHooks.Validation;

namespace HookInjector.Host.OciHooks.Loading;

/// <summary>
/// Reads hooks directories the way Go's manager does: directories in the given order, a later
/// directory's file replacing an earlier one of the same (case-sensitive) name; in each directory
/// only names ending in <c>.json</c> (case-sensitive), in name order, no recursion. A missing
/// directory is skipped. An invalid file is reported and left out; a valid namesake from an earlier
/// directory then stays in effect, as in Go. Unlike Go's start-up, reading goes on after errors:
/// whether errors are fatal is the caller's choice (<see cref="HookLoadResult.StartupFailure"/>).
/// </summary>
internal static class HookDirectoryLoader
{
    /// <param name="hostRoot">Where the node's root is mounted, when hook binaries are to be checked under it (<see cref="OciHooksOptions.HostRoot"/>).</param>
    /// <param name="cancellationToken">Checked between files: a stopping host does not wait for a whole directory.</param>
    public static HookLoadResult Load(IReadOnlyList<string> directories, int maxFileBytes, string? hostRoot = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directories);
        var hooks = new Dictionary<string, HookDefinition>(StringComparer.Ordinal);
        var errors = ImmutableArray.CreateBuilder<HookLoadError>();
        HookLoadError? startupFailure = null;
        var patterns = new HookPatternCache();

        foreach (var directory in directories)
        {
            var directoryErrors = LoadDirectory(directory, maxFileBytes, hostRoot, hooks, patterns, cancellationToken);
            errors.AddRange(directoryErrors);
            startupFailure ??= GoStartupFailure(directory, directoryErrors);
        }
        return new HookLoadResult([.. hooks.Values], errors.ToImmutable(), startupFailure);
    }

    private static List<HookLoadError> LoadDirectory(
        string directory, int maxFileBytes, string? hostRoot, Dictionary<string, HookDefinition> hooks, HookPatternCache patterns, CancellationToken cancellationToken)
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
