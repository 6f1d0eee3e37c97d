namespace HookInjector.Host.Injection.Sources;

/// <summary>A hook source the pipeline loads at start and reloads when its directory changes.</summary>
/// <param name="Name">How logs name the source (rules, scripts, extensions).</param>
/// <param name="Directory">The directory watched for changes.</param>
/// <param name="Load">Reads the whole source into a new snapshot; problems are reported in it, not thrown.</param>
/// <param name="Recursive">Whether changes below the directory's own entries count (extension folders).</param>
internal sealed record HookSourceDefinition(string Name, string Directory, Func<CancellationToken, SourceSnapshot> Load, bool Recursive = false);
