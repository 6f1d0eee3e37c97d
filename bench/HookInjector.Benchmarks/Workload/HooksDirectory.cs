using System.Text.Json;
using System.Text.Json.Nodes;
using HookInjector.Host.OciHooks.Loading;
using HookInjector.Host.OciHooks.Selection;
using static System.FormattableString;

namespace HookInjector.Benchmarks.Workload;

/// <summary>
/// A temporary hooks.d directory with a mix of hook files like a busy node's: one in ten
/// <c>always</c>, one in ten on a command, one in twenty-five on <c>hasBindMounts</c>, and the
/// rest on annotations with anchored patterns (a third of those with a second pair). Against
/// <see cref="KubernetesContainer"/> the always and bind-mount hooks match, plus one annotation hook
/// (hook-1, set on the pod) and one command hook (hook-5); hook-2's key is present with a
/// value that does not match.
/// </summary>
internal sealed class HooksDirectory : IDisposable
{
    private const int MaxFileBytes = 1024 * 1024;
    private const int HookBinaryCount = 4;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static readonly string[][] StageChoices = [["prestart"], ["poststop"], ["createRuntime", "poststop"]];

    private readonly string root;

    private HooksDirectory(string root)
    {
        this.root = root;
        Path = System.IO.Path.Join(root, "hooks.d");
    }

    public string Path { get; }

    public static HooksDirectory Create(int fileCount)
    {
        var directory = new HooksDirectory(Directory.CreateTempSubdirectory("hook-injector-bench-").FullName);
        directory.Write(fileCount);
        return directory;
    }

    /// <summary>Loads the files with the plugin's loader, as start-up does, and fails on any file the loader rejects.</summary>
    public HookCatalog LoadCatalog(int expectedHooks)
    {
        var result = HookDirectoryLoader.Load([Path], MaxFileBytes);
        if (!result.Errors.IsEmpty || result.Hooks.Length != expectedHooks)
        {
            throw new InvalidOperationException($"loaded {result.Hooks.Length} of {expectedHooks} hooks: {string.Join("; ", result.Errors)}");
        }
        return new HookCatalog(result.Hooks, strictMatching: false);
    }

    public void Dispose() => Directory.Delete(this.root, recursive: true);

    private void Write(int fileCount)
    {
        var binaries = System.IO.Path.Join(this.root, "bin");
        Directory.CreateDirectory(binaries);
        Directory.CreateDirectory(Path);
        for (var b = 0; b < HookBinaryCount; b++)
        {
            File.WriteAllText(HookBinary(binaries, b), "#!/bin/sh\n");
        }
        for (var i = 0; i < fileCount; i++)
        {
            var document = new JsonObject
            {
                ["version"] = "1.0.0",
                ["hook"] = new JsonObject
                {
                    ["path"] = HookBinary(binaries, i % HookBinaryCount),
                    ["args"] = new JsonArray(Invariant($"hook-{i}"), "prestart"),
                    ["env"] = new JsonArray(Invariant($"HOOK_INDEX={i}")),
                    ["timeout"] = 5,
                },
                ["when"] = When(i),
                ["stages"] = new JsonArray([.. StageChoices[i % StageChoices.Length].Select(stage => JsonValue.Create(stage))]),
            };
            File.WriteAllText(System.IO.Path.Join(Path, Invariant($"hook-{i:D4}.json")), document.ToJsonString(Indented));
        }
    }

    private static JsonObject When(int i) => (i % 10, i % 25) switch
    {
        (0, _) => new JsonObject { ["always"] = true },
        (5, _) => new JsonObject { ["commands"] = new JsonArray(Invariant($"^/usr/bin/app-{i}$")) },
        (_, 7) => new JsonObject { ["hasBindMounts"] = true },
        _ => new JsonObject { ["annotations"] = Annotations(i) },
    };

    private static JsonObject Annotations(int i)
    {
        var annotations = new JsonObject { [Invariant($@"^example\.com/hook-{i}$")] = "^(true|enabled)$" };
        if (i % 3 == 0)
        {
            annotations[@"^example\.com/team$"] = "^(shop|payments)$";
        }
        return annotations;
    }

    /// <summary>How many hooks of a directory of <paramref name="fileCount"/> files match <see cref="KubernetesContainer"/>.</summary>
    public static int MatchingHooks(int fileCount) =>
        Enumerable.Range(0, fileCount).Count(i => i % 10 == 0 || i % 25 == 7 || i is 1 or 5);

    private static string HookBinary(string directory, int index) => System.IO.Path.Join(directory, Invariant($"hook-{index}"));
}
