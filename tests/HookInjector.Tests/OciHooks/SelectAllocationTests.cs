using HookInjector.Host.OciHooks.Selection;

namespace HookInjector.Tests.OciHooks;

public class SelectAllocationTests
{
    [Fact]
    public void Selecting_when_nothing_matches_allocates_nothing()
    {
        var catalog = new HookCatalog(
            [
                TestHooks.V1("a.json", """{"always":false}"""),
                TestHooks.V1("b.json", """{"hasBindMounts":true}"""),
                TestHooks.V1("c.json", "{}"),
                TestHooks.V0("d.json", "\"hasbindmounts\":true"),
            ],
            strictMatching: false);
        var input = HookConditionTests.Input("/bin/sh", "a=b;c=d", false);
        catalog.Select(input);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var selection = catalog.Select(input);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Same(HookSelection.None, selection);
        Assert.Equal(0, allocated);
    }
}
