using System.Collections.Immutable;
using HookInjector.Host.OciHooks;
using HookInjector.Host.OciHooks.Formats;
using HookInjector.Host.OciHooks.Loading;
using HookInjector.Host.OciHooks.Validation;

namespace HookInjector.Host.Tools.Loading;

/// <summary>
/// Loads the hook files the loader left out only because their <c>hook.path</c> does not exist on
/// this machine, for <see cref="ToolSettings.IgnoreMissingHookPaths"/>. Such a file is validated
/// again with every other check in force, and takes part in the override between directories
/// as if it had loaded: a later directory's file still replaces an earlier one of the same name.
/// </summary>
internal static class MissingHookPaths
{
    // Validation checks the path first and stops there; any path that exists lets the other checks run.
    private const string ExistingStandIn = "/";

    public static (ImmutableArray<HookDefinition> Hooks, ImmutableArray<HookLoadError> Errors) Recover(
        IReadOnlyList<string> directories, HookLoadResult result, int maxFileBytes)
    {
        var winners = result.Hooks.ToDictionary(hook => hook.FileName, hook => (Rank: DirectoryRank(directories, hook.FileName, hook.SourcePath), Hook: hook), StringComparer.Ordinal);
        var errors = ImmutableArray.CreateBuilder<HookLoadError>();
        var patterns = new HookPatternCache();
        foreach (var error in result.Errors)
        {
            if (error.Kind != HookLoadErrorKind.MissingHookPath)
            {
                errors.Add(error);
                continue;
            }
            var fileName = Path.GetFileName(error.Path);
            var (hook, otherError) = Revalidate(fileName, error.Path, maxFileBytes, patterns);
            if (otherError is not null)
            {
                errors.Add(otherError);
            }
            if (hook is null)
            {
                continue;
            }
            var rank = DirectoryRank(directories, fileName, error.Path);
            if (!winners.TryGetValue(fileName, out var current) || current.Rank < rank)
            {
                winners[fileName] = (rank, hook);
            }
        }
        return ([.. winners.Values.Select(winner => winner.Hook)], errors.ToImmutable());
    }

    private static (HookDefinition? Hook, HookLoadError? Error) Revalidate(string fileName, string path, int maxFileBytes, HookPatternCache patterns)
    {
        var content = HookFileReader.Read(path, maxFileBytes);
        if (content.Vanished || content.Error is not null)
        {
            return (null, content.Error);
        }
        try
        {
            var document = HookFileParser.Parse(path, content.Bytes);
            var hookPath = document.Path;
            document.Path = ExistingStandIn;
            var checkedHook = HookValidator.Validate(fileName, path, document, patterns);
            return (new HookDefinition(fileName, path, checkedHook.Hook with { Path = hookPath }, checkedHook.When, checkedHook.StageNames, checkedHook.Stages), null);
        }
        catch (HookFormatException e)
        {
            return (null, new HookLoadError(path, e.Field, e.Message, HookLoadErrorKind.Format));
        }
        catch (HookValidationException e)
        {
            return (null, new HookLoadError(path, e.Field, e.Message, HookLoadErrorKind.Validation));
        }
    }

    private static int DirectoryRank(IReadOnlyList<string> directories, string fileName, string path)
    {
        for (var index = directories.Count - 1; index >= 0; index--)
        {
            if (Path.Join(directories[index], fileName) == path)
            {
                return index;
            }
        }
        return -1;
    }
}
