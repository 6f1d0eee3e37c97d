namespace HookInjector.Host.Extensions;

/// <summary>Where extension assemblies live: one folder per extension, <c>&lt;dir&gt;/&lt;Name&gt;/&lt;Name&gt;.dll</c>.</summary>
/// <param name="Admit">
/// Asked before a folder's code is loaded (its constructors run then): null lets it load, a reason
/// leaves it out as a problem. The worker uses it to skip quarantined folders and note which one it
/// is loading, in case that one takes it down.
/// </param>
internal sealed record ExtensionSourceOptions(string ExtensionsDirectory, Func<string, string?>? Admit = null);
