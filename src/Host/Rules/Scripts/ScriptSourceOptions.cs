namespace HookInjector.Host.Rules.Scripts;

/// <summary>Where rule scripts live and where their compiled form is cached.</summary>
/// <param name="RulesDirectory">The directory scanned for <c>*.csx</c> files (not recursively).</param>
/// <param name="CacheDirectory">The directory holding compiled scripts keyed by content hash; created when missing.</param>
/// <param name="Admit">
/// Asked before a script is read and built: null lets it load, a reason leaves it out as a problem. The worker uses it
/// to skip quarantined scripts and note which one it is building, in case that one takes it down.
/// </param>
internal sealed record ScriptSourceOptions(string RulesDirectory, string CacheDirectory, Func<string, string?>? Admit = null);
