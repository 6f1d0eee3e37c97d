namespace HookInjector.Host.Rules.Scripts;

/// <summary>Where rule scripts live and where their compiled form is cached.</summary>
/// <param name="RulesDirectory">The directory scanned for <c>*.csx</c> files (not recursively).</param>
/// <param name="CacheDirectory">The directory holding compiled scripts keyed by content hash; created when missing.</param>
internal sealed record ScriptSourceOptions(string RulesDirectory, string CacheDirectory);
