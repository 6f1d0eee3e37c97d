using System.Collections.Immutable;
using HookInjector.Host.Injection.Sources;

namespace HookInjector.Host.Rules.Yaml.Files;

/// <summary>The files read from a source directory, in load order, and the problems met reading it.</summary>
internal sealed record DirectoryListing(ImmutableArray<SourceFile> Files, ImmutableArray<SourceProblem> Problems);
