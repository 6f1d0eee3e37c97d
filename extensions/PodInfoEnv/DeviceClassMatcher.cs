using System.Text.RegularExpressions;
using HookInjector.Abstractions;

namespace PodInfoEnv;

/// <summary>
/// Gives the containers of a pod labelled <c>hook-injector.example/device-class: NAME</c> the
/// device hook of that class, <c>/usr/local/libexec/hook-injector/device-class/NAME</c>, run while
/// the container is created. A value that is not a DNS label (lower-case letters, digits and
/// inner dashes) selects nothing, so a label can never point outside that directory.
/// </summary>
public sealed partial class DeviceClassMatcher : IHookMatcher
{
    /// <summary>The pod label naming the device class.</summary>
    public const string DeviceClassLabel = "hook-injector.example/device-class";

    /// <summary>The directory holding one hook program per device class.</summary>
    public const string HooksDirectory = "/usr/local/libexec/hook-injector/device-class";

    /// <inheritdoc />
    public string Name => "device-class";

    /// <inheritdoc />
    public void AddHooks(ContainerContext context, IHookCollector hooks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(hooks);
        if (context.Pod.Labels.TryGetValue(DeviceClassLabel, out var deviceClass) && DnsLabel().IsMatch(deviceClass))
        {
            hooks.Add(HookStage.CreateRuntime, new OciHook($"{HooksDirectory}/{deviceClass}"));
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();
}
