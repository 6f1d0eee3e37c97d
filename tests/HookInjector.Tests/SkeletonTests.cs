namespace HookInjector.Tests;

public class SkeletonTests
{
    [Fact]
    public void HostAssemblyIsNamedAfterTheExecutable() =>
        Assert.Equal("hook-injector", typeof(HookInjector.Host.Marker).Assembly.GetName().Name);
}
