using HookInjector.Abstractions;

namespace PodInfoEnv.Tests;

public sealed class DeviceClassMatcherTests
{
    [Theory]
    [InlineData("gpu")]
    [InlineData("fpga-2")]
    [InlineData("x")]
    public void Labelled_pod_gets_the_hook_of_its_device_class(string deviceClass)
    {
        var added = Run(new Dictionary<string, string> { [DeviceClassMatcher.DeviceClassLabel] = deviceClass, ["app"] = "web" });

        Assert.Equal([(HookStage.CreateRuntime, new OciHook($"/usr/local/libexec/hook-injector/device-class/{deviceClass}"))], added);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../../../bin/sh")]
    [InlineData("GPU")]
    [InlineData("-gpu")]
    [InlineData("gpu-")]
    [InlineData("gpu/a100")]
    public void Value_that_is_not_a_dns_label_selects_nothing(string deviceClass)
    {
        Assert.Empty(Run(new Dictionary<string, string> { [DeviceClassMatcher.DeviceClassLabel] = deviceClass }));
    }

    [Fact]
    public void Pod_without_the_label_gets_nothing()
    {
        Assert.Empty(Run(new Dictionary<string, string> { ["device-class"] = "gpu" }));
    }

    private static List<(HookStage, OciHook)> Run(Dictionary<string, string> labels)
    {
        var context = new ContainerContext
        {
            Pod = new PodInfo { Name = "p", Namespace = "n", Labels = labels },
            Container = new ContainerInfo { Name = "c" },
        };
        var collector = new Collector();
        new DeviceClassMatcher().AddHooks(context, collector, CancellationToken.None);
        return collector.Added;
    }

    private sealed class Collector : IHookCollector
    {
        public List<(HookStage, OciHook)> Added { get; } = [];

        public void Add(HookStage stage, OciHook hook) => Added.Add((stage, hook));
    }
}
