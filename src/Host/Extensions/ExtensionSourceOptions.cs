namespace HookInjector.Host.Extensions;

/// <summary>Where extension assemblies live: one folder per extension, <c>&lt;dir&gt;/&lt;Name&gt;/&lt;Name&gt;.dll</c>.</summary>
internal sealed record ExtensionSourceOptions(string ExtensionsDirectory)
{
    public const string DefaultExtensionsDirectory = "/etc/hook-injector/extensions";
}
