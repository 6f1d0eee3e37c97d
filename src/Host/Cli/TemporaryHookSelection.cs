using HookInjector.Host.Injection;
using HookInjector.Host.Nri.Api;
using HookInjector.Host.Nri.Lifecycle;
using Microsoft.Extensions.DependencyInjection;

namespace HookInjector.Host.Cli;

/// <summary>Until hook selection is wired in, every container is created unchanged.</summary>
internal static class TemporaryHookSelection
{
    public static IServiceCollection AddHookSelection(this IServiceCollection services) => services
        .AddSingleton<IContainerAdjuster, NoAdjustment>()
        .AddSingleton<IPluginConfigurationSink, NoAdjustment>();

    private sealed class NoAdjustment : IContainerAdjuster, IPluginConfigurationSink
    {
        public ContainerAdjustment? Adjust(PodSandbox pod, Container container, CancellationToken cancellationToken) => null;

        public void Apply(string configuration, CancellationToken cancellationToken)
        {
        }
    }
}
