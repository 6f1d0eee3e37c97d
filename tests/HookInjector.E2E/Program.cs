using HookInjector.E2E.Demo;

namespace HookInjector.E2E;

/// <summary>
/// The test runner loads this assembly as a library; run as a program it plays the upstream
/// hook-injector demo on this machine (see tests/e2e/demo.sh) or measures CreateContainer latency.
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

        if (args is ["latency", "--containerd", var measured, "--count", var count])
        {
            return await LatencyCommand.RunAsync(measured, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture), Console.Out);
        }

        await Console.Error.WriteLineAsync("usage: HookInjector.E2E demo [--containerd 1.7|2] | latency --containerd 1.7|2 --count N");
        return 2;
    }
}
