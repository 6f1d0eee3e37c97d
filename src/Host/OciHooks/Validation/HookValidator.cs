using System.Collections.Immutable;
using HookInjector.Abstractions;
using HookInjector.Host.GoRegex;
using HookInjector.Host.OciHooks.Formats;
using HookInjector.Host.OciHooks.Matching;
using HookInjector.Host.Platform;

namespace HookInjector.Host.OciHooks.Validation;

/// <summary>
/// Go's load-time validation, in Go's order, returning the first failure: hook.path present, the
/// path exists (faccessat F_OK: symlinks followed, relative paths against our working directory,
/// not checked for being executable), annotation patterns (key then value), command patterns,
/// stages present, each stage known. Patterns are compiled here, once per distinct text in a load
/// (<see cref="HookPatternCache"/>), for matching.
/// Annotation pairs are checked in file order; Go's order is random, so with several bad pairs
/// Go may name another one.
/// </summary>
internal static class HookValidator
{
    /// <param name="hostRoot">Where the node's root is mounted, when absolute hook paths are to be checked under it.</param>
    public static HookDefinition Validate(string fileName, string sourcePath, HookDocument document, HookPatternCache patterns, string? hostRoot = null)
    {
        if (document.Path.Length == 0)
        {
            throw new HookValidationException("missing required property: hook.path", "hook.path");
        }
        var root = document.Path.StartsWith('/') ? hostRoot : null;
        var errno = root is null ? LibC.Access(document.Path) : RootedAccess.Access(root, document.Path);
        if (errno != 0)
        {
            var where = root is null ? "" : $" (under host root {root})";
            throw new HookValidationException($"faccessat {document.Path}{where}: {Errno.Describe(errno)}", "hook.path", errno == Errno.ENOENT);
        }

        var annotations = CompileAnnotations(document.Annotations, patterns);
        var commands = CompileCommands(document.Commands, patterns);
        var (stageNames, stages) = MapStages(document.Stages);

        var hook = new OciHook(document.Path, [.. document.Args ?? []], [.. document.Env ?? []], document.Timeout);
        var when = new HookCondition(document.Always, document.HasBindMounts, annotations, commands, document.AnyOf);
        return new HookDefinition(fileName, sourcePath, hook, when, stageNames, stages);
    }

    private static ImmutableArray<AnnotationPatternPair> CompileAnnotations(OrderedDictionary<string, string>? annotations, HookPatternCache patterns)
    {
        if (annotations is null)
        {
            return [];
        }
        var compiled = ImmutableArray.CreateBuilder<AnnotationPatternPair>(annotations.Count);
        foreach (var (key, value) in annotations)
        {
            if (!patterns.TryCompile(key, out var keyPattern, out var keyError))
            {
                throw new HookValidationException($"invalid annotation key {GoQuote.Quote(key)}: {keyError}", "when.annotations");
            }
            if (!patterns.TryCompile(value, out var valuePattern, out var valueError))
            {
                throw new HookValidationException($"invalid annotation value {GoQuote.Quote(value)}: {valueError}", "when.annotations");
            }
            compiled.Add(new AnnotationPatternPair(keyPattern, valuePattern));
        }
        return compiled.MoveToImmutable();
    }

    private static ImmutableArray<GoRegexp> CompileCommands(List<string>? commands, HookPatternCache patterns)
    {
        if (commands is null)
        {
            return [];
        }
        var compiled = ImmutableArray.CreateBuilder<GoRegexp>(commands.Count);
        foreach (var command in commands)
        {
            if (!patterns.TryCompile(command, out var pattern, out var error))
            {
                throw new HookValidationException($"invalid command {GoQuote.Quote(command)}: {error}", "when.commands");
            }
            compiled.Add(pattern);
        }
        return compiled.MoveToImmutable();
    }

    private static (ImmutableArray<string> Names, ImmutableArray<HookStage> Stages) MapStages(List<string>? names)
    {
        if (names is null)
        {
            throw new HookValidationException("missing required property: stages", "stages");
        }
        var stages = ImmutableArray.CreateBuilder<HookStage>(names.Count);
        foreach (var name in names)
        {
            if (!OciStageNames.TryMap(name, out var stage))
            {
                throw new HookValidationException($"unknown stage {GoQuote.Quote(name)}", "stages");
            }
            stages.Add(stage);
        }
        return ([.. names], stages.MoveToImmutable());
    }
}
