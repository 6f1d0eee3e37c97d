using System.Diagnostics;
using HookInjector.E2E.Hooks;
using HookInjector.E2E.Runtime;
using Xunit.Abstractions;

namespace HookInjector.E2E.Tests;

/// <summary>The demo hook must work as runc calls it: OCI state on stdin and no PATH.</summary>
public sealed class DemoHookTests(ITestOutputHelper output) : E2ETest(output)
{
    [Fact]
    public async Task Demo_hook_records_container_state_arguments_and_environment_without_PATH()
    {
        var directory = Directory.CreateTempSubdirectory("hie2e-hook-");
        try
        {
            var logPath = Path.Combine(directory.FullName, "demo-hook.log");
            const string state = """{"ociVersion":"1.0.2","id":"4f2c9a","status":"creating","pid":4242,"bundle":"/run/x","annotations":{"io.kubernetes.cri.container-name":"busybox","io.kubernetes.cri.container-type":"container"}}""";

            await RunHookAsync(state, logPath, ["this", "is", "injected"], ["DEMO_HOOK_BUSYBOX_INJECTED=true"]);
            await RunHookAsync(state.Replace("creating", "stopped", StringComparison.Ordinal), logPath, ["again"], ["DEMO_HOOK_ALWAYS_INJECTED=true"]);

            var records = new DemoHookLog(logPath).Read();
            Assert.Equal(2, records.Count);
            Assert.Equal(("busybox", "4f2c9a", "creating", "this is injected"), (records[0].ContainerName, records[0].ContainerId, records[0].Status, records[0].Arguments));
            Assert.True(records[0].IsBusyboxHook);
            Assert.True(records[0].RanBeforeStart);
            Assert.False(records[0].Environment.ContainsKey("PATH"));
            Assert.True(records[1].IsAlwaysInjectedHook);
            Assert.True(records[1].RanAfterStop);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task RunHookAsync(string state, string logPath, string[] arguments, string[] environment)
    {
        // env -i reproduces runc: the hook sees only the variables its hook file lists.
        var start = new ProcessStartInfo("/usr/bin/env") { RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add("-i");
        start.ArgumentList.Add($"DEMO_HOOK_LOG={logPath}");
        foreach (var variable in environment)
        {
            start.ArgumentList.Add(variable);
        }

        start.ArgumentList.Add(RepositoryLayout.DemoHookScript);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(state);
        process.StandardInput.Close();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(limit.Token);
        Assert.Equal(0, process.ExitCode);
    }
}
