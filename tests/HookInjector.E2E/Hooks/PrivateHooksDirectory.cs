using System.Text.Json;
using System.Text.Json.Nodes;
using HookInjector.E2E.Runtime;

namespace HookInjector.E2E.Hooks;

/// <summary>
/// A private copy of samples/hooks.d: each hook points at the repository's demo-hook.sh
/// (not the installed /usr/local/sbin path) and logs to a private file.
/// </summary>
public sealed class PrivateHooksDirectory
{
    public const string AlwaysInject = "always-inject.json";
    public const string BusyboxInject = "busybox-inject.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public PrivateHooksDirectory(string directory, string hookLogPath)
    {
        Directory = directory;
        HookLog = new DemoHookLog(hookLogPath);
        System.IO.Directory.CreateDirectory(directory);
    }

    public string Directory { get; }

    public DemoHookLog HookLog { get; }

    public static PrivateHooksDirectory CreateIn(string workDirectory, params string[] sampleNames)
    {
        var hooks = new PrivateHooksDirectory(Path.Combine(workDirectory, "hooks.d"), Path.Combine(workDirectory, "demo-hook.log"));
        foreach (var name in sampleNames)
        {
            hooks.Add(name);
        }

        return hooks;
    }

    /// <summary>Writes the rewritten sample atomically, so a watching plugin never reads half a file.</summary>
    public void Add(string sampleName)
    {
        var hookFile = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryLayout.SampleHooks, sampleName)))
            ?? throw new InvalidDataException($"{sampleName} is empty");
        var hook = hookFile["hook"] ?? throw new InvalidDataException($"{sampleName} has no hook");
        hook["path"] = RepositoryLayout.DemoHookScript;
        var environment = hook["env"] as JsonArray ?? [];
        environment.Add($"DEMO_HOOK_LOG={HookLog.Path}");
        hook["env"] = environment;

        var target = Path.Combine(Directory, sampleName);
        var staging = Path.Combine(Path.GetDirectoryName(Directory)!, $".{sampleName}.tmp");
        File.WriteAllText(staging, hookFile.ToJsonString(Indented));
        File.Move(staging, target, overwrite: true);
    }
}
