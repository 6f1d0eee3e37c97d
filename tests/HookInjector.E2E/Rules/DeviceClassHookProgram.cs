using HookInjector.E2E.Hooks;
using HookInjector.E2E.Runtime;

namespace HookInjector.E2E.Rules;

/// <summary>
/// The program PodInfoEnv's device-class matcher points a pod at, installed for one test under a
/// unique class name: a wrapper that runs the demo hook with the argument <c>device-class</c> and
/// the test's log. The matcher adds the hook with neither arguments nor environment, and runc
/// fails a container whose hook program is missing, so the program has to exist on the node.
/// Removed on disposal, with the directories it had to create.
/// </summary>
public sealed class DeviceClassHookProgram : IDisposable
{
    public const string DeviceClassLabel = "hook-injector.example/device-class";
    public const string HookArgument = "device-class";

    // Fixed by the sample extension (DeviceClassMatcher.HooksDirectory), which this project does not reference.
    private const string HooksDirectory = "/usr/local/libexec/hook-injector/device-class";

    private readonly List<string> createdDirectories = [];

    private DeviceClassHookProgram(string deviceClass)
    {
        DeviceClass = deviceClass;
        Path = System.IO.Path.Combine(HooksDirectory, deviceClass);
    }

    /// <summary>The label value selecting this program, a DNS label unique to the test.</summary>
    public string DeviceClass { get; }

    public string Path { get; }

    public static DeviceClassHookProgram Install(DemoHookLog hookLog)
    {
        var program = new DeviceClassHookProgram($"hie2e-{Guid.NewGuid():N}"[..14]);
        try
        {
            program.CreateDirectories();
            File.WriteAllText(program.Path, $"#!/bin/sh\nDEMO_HOOK_LOG='{hookLog.Path}' exec '{RepositoryLayout.DemoHookScript}' {HookArgument} \"$@\"\n");
            File.SetUnixFileMode(program.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            return program;
        }
        catch
        {
            program.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        File.Delete(Path);
        foreach (var directory in createdDirectories.AsEnumerable().Reverse())
        {
            if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
            {
                Directory.Delete(directory);
            }
        }
    }

    private void CreateDirectories()
    {
        var missing = new Stack<string>();
        for (var directory = HooksDirectory; !Directory.Exists(directory); directory = System.IO.Path.GetDirectoryName(directory)!)
        {
            missing.Push(directory);
        }

        while (missing.TryPop(out var directory))
        {
            Directory.CreateDirectory(directory);
            createdDirectories.Add(directory);
        }
    }
}
