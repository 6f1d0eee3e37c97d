namespace HookInjector.E2E.Tests;

/// <summary>The containerd lines every end-to-end test runs against (arguments of tests/e2e/containerd.sh).</summary>
public sealed class ContainerdVersions : TheoryData<string>
{
    public ContainerdVersions()
    {
        Add("1.7");
        Add("2");
    }
}
