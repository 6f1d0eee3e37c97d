namespace HookInjector.Host.Nri;

/// <summary>Service and method names of the NRI ttrpc API (package nri.pkg.api.v1alpha1).</summary>
internal static class NriApi
{
    public const string RuntimeService = "nri.pkg.api.v1alpha1.Runtime";
    public const string PluginService = "nri.pkg.api.v1alpha1.Plugin";

    public const string RegisterPlugin = "RegisterPlugin";

    /// <summary>
    /// The only event the plugin subscribes to: CREATE_CONTAINER (event 4, bit 1 &lt;&lt; 3).
    /// Zero would mean "every event" and any bit a runtime does not know gets the plugin
    /// rejected by older runtimes, so the mask is exactly this value on every runtime.
    /// </summary>
    public const int SubscribedEvents = 1 << ((int)Api.Event.CreateContainer - 1);

    /// <summary>NRI release whose wire protocol this plugin speaks (sent for the runtime's logs only).</summary>
    public const string ProtocolVersion = "v0.12.2";

    /// <summary>Defaults a runtime applies when it does not report its timeouts (before NRI v0.7).</summary>
    public static readonly TimeSpan DefaultRegistrationTimeout = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(2);
}
