using HookInjector.Host.Nri;

namespace HookInjector.Tests.Nri;

public class PluginIdentityTests
{
    [Theory]
    [InlineData(null, null, null, "10", "/usr/bin/hook-injector", "hook-injector", "10")]
    [InlineData(null, null, "custom", "05", "/usr/bin/hook-injector", "custom", "05")]
    [InlineData(null, null, null, null, "/opt/nri/plugins/10-hook-injector", "hook-injector", "10")]
    [InlineData(null, null, null, null, "/opt/nri/plugins/42-my-hooks", "my-hooks", "42")]
    [InlineData("from-env", "20", null, null, "/opt/nri/plugins/whatever", "from-env", "20")]
    [InlineData("from-env", "20", "from-flag", "30", "/usr/bin/hook-injector", "from-flag", "30")]
    [InlineData(null, "20", null, null, "/usr/bin/hook-injector", "hook-injector", "20")]
    public void ResolvesLikeTheReferenceStub(string? envName, string? envIndex, string? name, string? index, string executable, string expectedName, string expectedIndex)
    {
        Assert.True(PluginIdentity.TryResolve(envName, envIndex, name, index, executable, out var identity, out var error), error);
        Assert.Equal(new PluginIdentity(expectedName, expectedIndex), identity);
        Assert.Equal($"{expectedIndex}-{expectedName}", identity.ToString());
    }

    [Theory]
    [InlineData(null, "/usr/bin/hook-injector", "no plugin index")]
    [InlineData("1", "/usr/bin/hook-injector", "invalid plugin index \"1\"")]
    [InlineData("100", "/usr/bin/hook-injector", "invalid plugin index \"100\"")]
    [InlineData("a1", "/usr/bin/hook-injector", "invalid plugin index \"a1\"")]
    [InlineData(null, "/opt/nri/plugins/x-hook-injector", "no plugin index")]
    [InlineData(null, "/opt/nri/plugins/hookinjector", "no plugin index")]
    public void RejectsBadIndexesWithTheReason(string? index, string executable, string expected)
    {
        Assert.False(PluginIdentity.TryResolve(null, null, null, index, executable, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("slash/name")]
    [InlineData("ünï")]
    public void RejectsNamesNewerRuntimesRefuse(string name)
    {
        Assert.False(PluginIdentity.TryResolve(null, null, name, "10", "/usr/bin/hook-injector", out _, out var error));
        Assert.Contains($"invalid plugin name \"{name}\"", error, StringComparison.Ordinal);
    }
}
