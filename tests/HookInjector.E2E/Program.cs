using HookInjector.E2E.Demo;

namespace HookInjector.E2E;

/// <summary>
/// The test runner loads this assembly as a library; run as a program it plays the upstream
/// hook-injector demo on this machine (see tests/e2e/demo.sh).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["demo"])
        {
            return await DemoCommand.RunAsync("2", Console.Out);
        }

        if (args is ["demo", "--containerd", var version])
        {
            return await DemoCommand.RunAsync(version, Console.Out);
        }

        await Console.Error.WriteLineAsync("usage: HookInjector.E2E demo [--containerd 1.7|2]");
        return 2;
    }
}
