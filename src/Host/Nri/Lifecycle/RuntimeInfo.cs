namespace HookInjector.Host.Nri.Lifecycle;

/// <summary>What the runtime told the plugin about itself in Configure.</summary>
internal sealed record RuntimeInfo(string Name, string Version, string NriVersion, TimeSpan RegistrationTimeout, TimeSpan RequestTimeout, string Config)
{
    public override string ToString() =>
        $"{Name} {Version}" + (NriVersion.Length > 0 ? $" (NRI {NriVersion})" : "");
}
